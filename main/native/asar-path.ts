/**
 * Paths in a packaged app. electron-builder packs the app into resources/app.asar and extracts the
 * files its asarUnpack rules name (every .node and .wasm, the training bundles) to
 * resources/app.asar.unpacked at the same relative path. Electron's own fs reads an unpacked file
 * through its app.asar path too, but what is read as data by other code (the wasm backend's
 * .wasm files) is pointed at the real file, so it never depends on that redirection.
 *
 * ES modules (the training worker, replica threads) are still started from their app.asar path:
 * their bare imports (@tensorflow/tfjs, ...) resolve from the folder they are loaded from, and only
 * app.asar has node_modules beside out/.
 */
const ASAR_SEGMENT = /([\\/])app\.asar([\\/]|$)/;

export function unpackedPath(path: string): string {
  return path.replace(ASAR_SEGMENT, '$1app.asar.unpacked$2');
}
