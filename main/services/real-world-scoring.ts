/**
 * Scoring a run on the real-world set after the fact (`mnist-lab score ID`, the run's details), for
 * runs trained before every run was scored at its end. The final model is read, as at the end of
 * training, through the same Predictor as the Test screen (its answers only: no step pictures),
 * and the set's pictures come from the readings remembered in the cache folder when they are there.
 */
import type { RunResults } from '../../common/training/run';
import type { Predictor } from '../inference/predict';
import { prepareDigitsHere } from '../inference/read-digit';
import { loadRealWorldSet, readingTheSet, realWorldSetDir, scoreByStyle } from '../inference/real-world-set';
import { LabFailure, notFound } from '../ipc/errors';
import type { RunStore } from '../store/types';

export async function scoreRunOnRealWorld(store: RunStore, predictor: Predictor, id: number, dir = realWorldSetDir()): Promise<RunResults> {
  const run = store.getRunResults(id);
  if (!run) throw notFound(`There is no run ${id}.`);
  if (run.realWorld?.ok) return run;
  if (run.status !== 'completed') throw new LabFailure('conflict', `Run ${id} is ${run.status}: only a completed run has a final model to score.`);
  if (!run.models.some((m) => m.kind === 'final')) throw new LabFailure('conflict', `Run ${id} has no saved final model to score.`);
  let set: Awaited<ReturnType<typeof loadRealWorldSet>>;
  try {
    set = await loadRealWorldSet(dir);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LabFailure('unavailable', `The real-world set could not be read at ${dir} (${why}). Reinstall MNIST Lab, or regenerate it with: node --import tsx scripts/make-real-world-set.ts`);
  }
  // The readings a run's own score remembered serve here too: the pictures are not read again.
  const results = await predictor.answer({ runId: id, images: set.images, model: 'final' }, readingTheSet(prepareDigitsHere));
  store.realWorld.record(id, scoreByStyle(set.manifest, results, 'final', predictor.viewsPerPicture));
  return store.getRunResults(id) ?? run;
}
