/**
 * The end-of-run real-world score, in the training process: the final model is still in memory
 * and the backend loaded, so scoring it here costs about a second and keeps the work off the
 * app's processes. The parent records it with the test results.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { RealWorldResult } from '../../common/training/real-world';
import type { TrainingJob } from '../../common/training/run';
import type { PrepareDigits } from '../inference/read-digit';
import { scoreRealWorld } from '../inference/real-world-set';

/**
 * The final model's score; undefined when the job names no set. Never throws: a failure becomes
 * the reason. `prepare` shares the pictures' reading among the run's worker threads.
 */
export async function scoreFinalModel(tf: typeof tfjs, model: LayersModel, job: TrainingJob, prepare: PrepareDigits): Promise<RealWorldResult | undefined> {
  if (job.realWorldDir === undefined) return undefined;
  try {
    return await scoreRealWorld(tf, model, 'final', { dir: job.realWorldDir, prepare });
  } catch (error) {
    return { ok: false, reason: `Scoring on the real-world set failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
