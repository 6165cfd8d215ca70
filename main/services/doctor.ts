/** What the doctor screen and `mnist-lab doctor` show: backends, versions and where data lives. */
import { createRequire } from 'node:module';
import type { DoctorReport } from '../../common/ipc/contract';
import { probeBackends } from '../training/backends';

const nodeRequire = createRequire(import.meta.url);

/** Both main/services/ here and out/main/ in the built app sit two folders below package.json. */
const APP_PACKAGE = '../../package.json';

function packageVersion(name: string): string | null {
  try {
    return (nodeRequire(name === APP_PACKAGE ? name : `${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

const PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', 'better-sqlite3', 'sharp'];

export async function doctorReport(homeDir: string, dbFile: string): Promise<DoctorReport> {
  const backends = await probeBackends();
  const versions: Record<string, string> = { 'mnist-lab': packageVersion(APP_PACKAGE) ?? 'unknown', node: process.versions.node };
  if (process.versions.electron) versions.electron = process.versions.electron;
  if (process.versions.chrome) versions.chromium = process.versions.chrome;
  for (const name of PACKAGES) versions[name] = packageVersion(name) ?? 'not installed';
  const auto = backends.find((b) => b.available)?.backend ?? 'cpu';
  return { backends, autoBackend: auto, versions, homeDir, dbFile, platform: `${process.platform} ${process.arch}` };
}
