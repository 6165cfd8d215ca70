/**
 * Runs' real-world scores (migration 008): one per run, written by the process that trained it
 * right after the test results, or later by `mnist-lab score ID`. A score, once there, is a record
 * of the run and is kept; a run that could not be scored (the set was missing) may be scored later.
 */
import type { RealWorldResult, RealWorldStyleScore } from '../../common/training/real-world';
import type { ModelKind } from '../../common/training/run';
import { InvalidRunInputError, RunNotFoundError } from './errors';
import type { Database } from './open';

export interface RealWorldStore {
  /** Records a run's result; false (nothing written) when the run already has a score. */
  record(id: number, result: RealWorldResult): boolean;
  /** The run's result, or null when it was never scored. */
  get(id: number): RealWorldResult | null;
}

interface ScoreRow {
  model: ModelKind | null;
  correct: number | null;
  total: number | null;
  styles_json: string | null;
  reason: string | null;
  views: number | null;
}

function checkResult(result: RealWorldResult): void {
  if (!result.ok) {
    if (typeof result.reason !== 'string' || result.reason === '') throw new InvalidRunInputError('A real-world result without a score needs a reason.');
    return;
  }
  const whole = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  const styles = Array.isArray(result.styles) ? result.styles : null;
  const sound =
    whole(result.correct) && whole(result.total) && result.correct <= result.total && whole(result.views) && result.views >= 1 &&
    styles !== null && styles.every((s) => typeof s.style === 'string' && whole(s.correct) && whole(s.total) && whole(s.refused) && s.correct <= s.total);
  if (!sound) throw new InvalidRunInputError('A real-world score needs whole counts, correct at most total, for every style, and how many views (1 or more) each picture was read in.');
}

export function createRealWorldStore(db: Database, now: () => number): RealWorldStore {
  const selectRun = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE id = ?');
  const select = db.prepare<[number], ScoreRow>('SELECT model, correct, total, styles_json, reason, views FROM real_world_scores WHERE run_id = ?');
  // A reason (no score) may be replaced by a score; a score is never replaced.
  const upsert = db.prepare<{ id: number; model: string | null; correct: number | null; total: number | null; styles: string | null; reason: string | null; views: number | null; now: number }>(
    `INSERT INTO real_world_scores (run_id, model, correct, total, styles_json, reason, views, scored_at)
     VALUES (@id, @model, @correct, @total, @styles, @reason, @views, @now)
     ON CONFLICT (run_id) DO UPDATE SET model = excluded.model, correct = excluded.correct, total = excluded.total,
       styles_json = excluded.styles_json, reason = excluded.reason, views = excluded.views, scored_at = excluded.scored_at
     WHERE real_world_scores.reason IS NOT NULL`,
  );
  return {
    record(id, result) {
      checkResult(result);
      return db.transaction((): boolean => {
        if (!selectRun.get(id)) throw new RunNotFoundError(id);
        const styles: RealWorldStyleScore[] | null = result.ok ? result.styles.map(({ style, correct, total, refused }) => ({ style, correct, total, refused })) : null;
        const row = result.ok
          ? { model: result.model, correct: result.correct, total: result.total, styles: JSON.stringify(styles), reason: null, views: result.views }
          : { model: null, correct: null, total: null, styles: null, reason: result.reason, views: null };
        return upsert.run({ id, ...row, now: now() }).changes > 0;
      }).immediate();
    },
    get(id) {
      const row = select.get(id);
      if (!row) return null;
      if (row.reason !== null || row.model === null || row.correct === null || row.total === null || row.styles_json === null || row.views === null) {
        return { ok: false, reason: row.reason ?? 'The score was not recorded completely.' };
      }
      return { ok: true, model: row.model, correct: row.correct, total: row.total, styles: JSON.parse(row.styles_json) as RealWorldStyleScore[], views: row.views };
    },
  };
}
