/**
 * A full disk, whoever ran into it (SQLite writing the database, a training process writing a
 * model), said plainly. No SQLite import here: the training process uses it too.
 */

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const DISK_FULL_TEXT = /no space left on device|database or disk is full|disk quota exceeded/i;

/** True when the error (or one it was caused by) says the disk or the user's quota is full. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return true;
    if (e instanceof Error) {
      if (DISK_FULL_TEXT.test(e.message)) return true;
      e = e.cause;
    } else {
      return DISK_FULL_TEXT.test(String(e));
    }
  }
  return false;
}

/** What a user reads when the disk filled up while `what` was happening. */
export function diskFullMessage(what: string): string {
  return `The disk holding the data folder is full, so ${what}. Free some space and try again.`;
}
