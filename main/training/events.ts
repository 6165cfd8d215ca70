/** Small facts about TrainingEvents shared by the worker, the runners and the queue. */
import type { EndingEvent, TrainingEvent } from '../../common/training/run';

const ENDING_TYPES: ReadonlySet<string> = new Set(['done', 'diverged', 'cancelled', 'failed']);
const EVENT_TYPES: ReadonlySet<string> = new Set(['started', 'batch', 'epoch', 'model', ...ENDING_TYPES]);

export function isEnding(event: TrainingEvent): event is EndingEvent {
  return ENDING_TYPES.has(event.type);
}

/** Messages cross a process boundary: check the shape before trusting one as an event. */
export function isTrainingEvent(value: unknown): value is TrainingEvent {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && EVENT_TYPES.has(type);
}
