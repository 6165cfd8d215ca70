/** Which Electron this project installs, and the ABI its native addons must be built for. */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuildTarget } from './electron-build';

/** Electron's version and ABI: node-abi's table, or Electron's own abi_version file for a version newer than node-abi knows. */
export function electronTarget(root: string, arch: string = process.arch): BuildTarget {
  const nodeRequire = createRequire(join(root, 'package.json'));
  let manifest: string;
  try {
    manifest = nodeRequire.resolve('electron/package.json');
  } catch {
    throw new Error('The electron package is not installed: run `npm install` first.');
  }
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  let abi: number;
  try {
    abi = Number((nodeRequire('node-abi') as { getAbi(target: string, runtime: string): string }).getAbi(version, 'electron'));
  } catch (error) {
    const shipped = join(dirname(manifest), 'abi_version');
    if (!existsSync(shipped)) throw new Error(`node-abi does not know Electron ${version} (update it: npm update node-abi): ${String(error)}`);
    abi = Number(readFileSync(shipped, 'utf8').trim());
  }
  return { runtime: 'electron', version, abi, platform: process.platform, arch };
}

