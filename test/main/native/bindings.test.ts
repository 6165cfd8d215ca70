// Which better-sqlite3 binary the store asks for: Node's own under Node, the per-ABI Electron build
// under (a simulated) Electron, for the normal and the read-only connection alike.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureNativeRoot, currentRuntime, electronSqliteBinary, sqliteBindingOptions, sqliteNativeBinding } from '../../../main/native/bindings';
import { checkSqliteAddon } from '../../../main/native/preflight';
import { openDatabase, readDatabaseVersion } from '../../../main/store/open';
import { ELECTRON_45, ELECTRON_LIKE_THIS_NODE, NODE_SQLITE_BINARY, asElectron, placeBinary, scratchRoot } from './native-fixture';

let scratch: ReturnType<typeof scratchRoot>;
beforeEach(() => {
  scratch = scratchRoot();
  configureNativeRoot(scratch.dir);
});
afterEach(() => scratch.cleanup());

describe('the binding each runtime asks for', () => {
  it('Node (the CLI, npm test, the bench) uses better-sqlite3’s default build', () => {
    expect(currentRuntime().electron).toBeNull();
    expect(sqliteNativeBinding()).toBeUndefined();
    expect(sqliteBindingOptions()).toEqual({});
  });

  it('Electron 45 asks for its per-ABI build under the configured root', () => {
    const expected = join(scratch.dir, 'native', 'better-sqlite3', `electron-v150-${process.platform}-${process.arch}`, 'better_sqlite3.node');
    expect(sqliteNativeBinding(ELECTRON_45)).toBe(expected);
    expect(electronSqliteBinary(scratch.dir, ELECTRON_45)).toBe(expected);
    expect(sqliteBindingOptions(ELECTRON_45)).toEqual({ nativeBinding: expected });
  });

  it('reads process.versions: a simulated Electron process gets the Electron build', async () => {
    const runtime = await asElectron(ELECTRON_45, () => currentRuntime());
    expect(runtime).toEqual(ELECTRON_45);
    expect(await asElectron(ELECTRON_45, () => sqliteNativeBinding())).toBe(electronSqliteBinary(scratch.dir, ELECTRON_45));
  });

  it('a missing Electron build gives the native-addon message, naming the addon, both ABIs and the fix', () => {
    const result = checkSqliteAddon({ runtime: ELECTRON_45 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ addon: 'better-sqlite3', file: electronSqliteBinary(scratch.dir, ELECTRON_45), have: 'missing (no file at that path)' });
    expect(result.problem.need).toBe(`ABI 150 for ${process.platform}-${process.arch} (Electron 45.5.0)`);
    expect(result.problem.fix).toContain('npm run rebuild:electron');
  });
});

describe('the store opens through the chosen binding', () => {
  it('under Electron both connections load the per-ABI file (here: a copy of the Node build, standing in for it)', async () => {
    const binary = placeBinary(scratch.dir, ELECTRON_LIKE_THIS_NODE);
    const db = join(scratch.dir, 'home', 'runs.sqlite');
    await asElectron(ELECTRON_LIKE_THIS_NODE, () => {
      const conn = openDatabase(db);
      conn.pragma('user_version = 7');
      conn.close();
      expect(readDatabaseVersion(db)).toBe(7);
    });
    expect(existsSync(binary)).toBe(true);
  });

  it('under Electron with no per-ABI build the store does not fall back to the Node build', async () => {
    await asElectron(ELECTRON_LIKE_THIS_NODE, () => {
      expect(() => openDatabase(join(scratch.dir, 'home', 'runs.sqlite'))).toThrow(/better_sqlite3\.node|Cannot find module/);
    });
  });

  it('never touches the Node build', async () => {
    const before = { bytes: readFileSync(NODE_SQLITE_BINARY), mtime: statSync(NODE_SQLITE_BINARY).mtimeMs };
    placeBinary(scratch.dir, ELECTRON_LIKE_THIS_NODE);
    await asElectron(ELECTRON_LIKE_THIS_NODE, () => openDatabase(':memory:').close());
    expect(readFileSync(NODE_SQLITE_BINARY).equals(before.bytes)).toBe(true);
    expect(statSync(NODE_SQLITE_BINARY).mtimeMs).toBe(before.mtime);
  });
});
