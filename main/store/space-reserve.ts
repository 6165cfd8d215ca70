/**
 * A small file kept in the data folder so that a full disk can still be written to once: SQLite
 * needs a few free pages to record anything, even that a run failed because the disk is full.
 * Deleting this file frees them.
 */
import fs from 'node:fs';
import path from 'node:path';

export const SPACE_RESERVE_FILE = '.space-reserve';
/** Far more than recording a run's ending takes (a few 4 KiB pages), far less than anyone notices. */
export const SPACE_RESERVE_BYTES = 256 * 1024;

export interface SpaceReserve {
  /** Creates the reserve when it is missing; false when the disk has no room for it either. */
  ensure(): boolean;
  /** Deletes the reserve; true when that freed space. */
  release(): boolean;
}

export function spaceReserve(dataFolder: string, bytes = SPACE_RESERVE_BYTES): SpaceReserve {
  const file = path.join(dataFolder, SPACE_RESERVE_FILE);
  return {
    ensure() {
      try {
        if (fs.statSync(file).size === bytes) return true;
      } catch {
        // missing: create it below
      }
      try {
        // Zeros really written (not a sparse file), so the blocks are taken now and freed on release.
        fs.writeFileSync(file, Buffer.alloc(bytes));
        return true;
      } catch {
        try {
          fs.rmSync(file, { force: true });
        } catch {
          // nothing more to do: the reserve is simply not there
        }
        return false;
      }
    },
    release() {
      try {
        fs.unlinkSync(file);
        return true;
      } catch {
        return false;
      }
    },
  };
}
