/**
 * Each metric point says what it stands for: one batch or one whole epoch (common/training/run.ts,
 * METRIC_KINDS). Until now readers guessed it from the point's position, and one did not.
 *
 * Points already recorded are classified from how the recorder wrote them, which never changed:
 * a batch as train loss, accuracy (and learning rate) at its step; an epoch, in one transaction
 * after its last batch, as train loss and accuracy (the epoch's means), validation loss and
 * accuracy, and the learning rate, all at the step of that last batch. So every validation point
 * is an epoch's, and a training point is an epoch's when it is the later of the points of its
 * series at that step and the epoch's validation points (or a batch point before it) share that step.
 */
import { METRIC_KINDS, type MetricKind } from '../../../common/training/run';
import type { Migration } from './types';

const BATCH: MetricKind = 'batch';
const EPOCH: MetricKind = 'epoch';
const KINDS = METRIC_KINDS.map((kind) => `'${kind}'`).join(', ');

const SCHEMA = `
ALTER TABLE metrics ADD COLUMN kind TEXT NOT NULL DEFAULT '${BATCH}' CHECK (kind IN (${KINDS}));

-- Finds the few points of one run at one step at once (a long run has tens of thousands of points).
CREATE INDEX metrics_by_run_step ON metrics (run_id, step);

UPDATE metrics SET kind = '${EPOCH}'
WHERE split <> 'train'
  OR (id = (SELECT MAX(s.id) FROM metrics s
            WHERE s.run_id = metrics.run_id AND s.name = metrics.name AND s.split = metrics.split AND s.step = metrics.step)
      AND EXISTS (SELECT 1 FROM metrics o
                  WHERE o.run_id = metrics.run_id AND o.step = metrics.step AND o.epoch = metrics.epoch
                    AND (o.split <> 'train' OR (o.name = metrics.name AND o.id < metrics.id))));

DROP INDEX metrics_by_run_step;

-- Series are read by kind as well.
DROP INDEX metrics_by_run_series;
CREATE INDEX metrics_by_run_series ON metrics (run_id, name, split, kind, step);
`;

export const metricKinds: Migration = {
  version: 7,
  name: 'metric kinds',
  up(db) {
    db.exec(SCHEMA);
  },
};
