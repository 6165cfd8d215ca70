import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SPACE_RESERVE_FILE, spaceReserve } from '../../../main/store/space-reserve';
import { makeTempDir, removeTempDirs } from './fixtures';

afterEach(removeTempDirs);

describe('spaceReserve', () => {
  it('takes its bytes, gives them back once, and can be made again', () => {
    const dir = makeTempDir();
    const reserve = spaceReserve(dir, 4096);
    const file = path.join(dir, SPACE_RESERVE_FILE);
    expect(reserve.ensure()).toBe(true);
    expect(fs.statSync(file).size).toBe(4096);
    expect(reserve.ensure()).toBe(true);
    expect(reserve.release()).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(reserve.release()).toBe(false);
    expect(reserve.ensure()).toBe(true);
  });

  it('gives up quietly where it cannot be written', () => {
    const reserve = spaceReserve(path.join(makeTempDir(), 'missing', 'folder'));
    expect(reserve.ensure()).toBe(false);
    expect(reserve.release()).toBe(false);
  });
});
