// A database file MNIST Lab cannot use is refused in plain words, and never changed.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderError } from '../../../main/store/errors';
import { checkDatabaseHeader, describeOpenProblem } from '../../../main/store/open-problems';
import { openRunStore } from '../../../main/store/run-store';
import { makeTempDir, newRun, removeTempDirs, WASM_INFO } from './fixtures';

afterEach(removeTempDirs);

/** A real store file with enough runs and metrics to span many pages, closed (checkpointed). */
function storeFile(): string {
  const file = path.join(makeTempDir(), 'runs.sqlite');
  const store = openRunStore(file);
  for (let r = 0; r < 5; r++) {
    const { id } = store.createRun(newRun({ name: `run ${r}` }));
    store.markRunning(id, WASM_INFO);
    store.appendMetrics(id, Array.from({ length: 400 }, (_, step) => ({ name: 'loss' as const, split: 'train' as const, kind: 'batch' as const, step, epoch: 1, value: 1 / (step + 1), time: step })));
    store.finishRun(id, 'completed');
  }
  store.close();
  return file;
}

function openError(file: string): DataFolderError {
  try {
    openRunStore(file).close();
  } catch (error) {
    if (error instanceof DataFolderError) return error;
    throw error;
  }
  throw new Error(`${file} opened`);
}

describe('opening a database that cannot be used', () => {
  it('accepts a healthy file, a missing one and an empty one', () => {
    const file = storeFile();
    expect(() => checkDatabaseHeader(file)).not.toThrow();
    expect(() => checkDatabaseHeader(path.join(makeTempDir(), 'absent.sqlite'))).not.toThrow();
    const empty = path.join(makeTempDir(), 'empty.sqlite');
    fs.writeFileSync(empty, '');
    expect(() => checkDatabaseHeader(empty)).not.toThrow();
  });

  it.each([
    ['random bytes', (bytes: Buffer) => Buffer.from(bytes.map((_, i) => (i * 7919 + 13) % 256))],
    ['a file cut in half', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['a file cut inside its header', (bytes: Buffer) => bytes.subarray(0, 60)],
    ['text', () => Buffer.from('my shopping list\n'.repeat(200))],
  ])('refuses %s as damaged and leaves it byte for byte', (_what, damage) => {
    const file = storeFile();
    fs.writeFileSync(file, damage(fs.readFileSync(file)));
    const before = fs.readFileSync(file);
    const error = openError(file);
    expect(error.problem).toBe('damaged');
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/^The database file .*runs\.sqlite is damaged or is not an MNIST Lab database \(.+\)\. It was left exactly as it is/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('says when the file cannot be reached', () => {
    const dir = makeTempDir();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where the data folder should be');
    const error = openError(path.join(blocker, 'runs.sqlite'));
    expect(error.problem).toBe('unreadable');
    expect(error.message).toMatch(/MNIST Lab cannot open its database .* Check that the data folder exists/);
  });

  it('passes through errors that are not about the data folder', () => {
    const bug = new TypeError('x is not a function');
    expect(describeOpenProblem('/f', bug)).toBe(bug);
    const full = describeOpenProblem('/f', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(full).toBeInstanceOf(DataFolderError);
    expect((full as DataFolderError).problem).toBe('disk-full');
  });
});
