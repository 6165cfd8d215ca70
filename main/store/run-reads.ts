/**
 * The run store's larger reads, kept out of run-store.ts: a run's results (test figures, models,
 * family) and the listing. Each runs in one read transaction, so what it returns comes from one moment.
 */
import { seriesFromPoints, type MetricSeries, type MetricsSince } from '../../common/training/metric-series';
import type { ClassMetrics, RunResults, RunSummary } from '../../common/training/run';
import { InvalidRunInputError } from './errors';
import type { Database } from './open';
import { countSettingsUses, groupTags, runId, toListedRunSummary, toMetricSeries, toModelFileInfo } from './run-rows';
import { searchParameter } from './run-search';
import { parseSettingsTexts } from './settings-texts';
import { decodeNumber, parseKeepingSpecialNumbers } from './special-numbers';
import type { RealWorldStore } from './real-world-store';
import type { Statements } from './statements';
import type { RunQuery } from './types';

export function readRunResults(db: Database, sql: Statements, run: RunSummary | null, realWorld: RealWorldStore): RunResults | null {
  if (!run) return null;
  return db.transaction((): RunResults => {
    const confusion = sql.selectConfusion.get(run.id);
    return {
      ...run,
      confusion: confusion ? (parseKeepingSpecialNumbers(confusion.matrix_json) as number[][]) : null,
      perClass: confusion ? (parseKeepingSpecialNumbers(confusion.per_class_json) as ClassMetrics[]) : null,
      realWorld: realWorld.get(run.id),
      models: sql.selectModels.all(run.id).map(toModelFileInfo),
      family: {
        parent: run.parentRunId === null ? null : (sql.selectRelative.get(run.parentRunId) ?? null),
        children: sql.selectChildren.all(run.id),
      },
    };
  })();
}

/**
 * Every point of a run, one series per name, split and kind, and the number of its last point; a run
 * without points yet gets the newest point of the store, so reading what it records next starts there
 * (points are read by number, and every other run's earlier points would otherwise be gone through).
 */
export function readMetricSeries(db: Database, sql: Statements, id: number): MetricsSince {
  return db.transaction(
    (): MetricsSince => ({
      metrics: sql.selectMetricSeriesKeys.all(id).map((key): MetricSeries => toMetricSeries(key, sql.selectSeriesPoints.all(id, key.name, key.split, key.kind))),
      upTo: sql.selectLastPoint.get(id) ?? sql.selectNewestPoint.get() ?? 0,
    }),
  )();
}

/** The points of a run recorded after point `after`. */
export function readMetricsSince(sql: Statements, id: number, after: number): MetricsSince {
  const rows = sql.selectPointsSince.all(id, after);
  const points = rows.map(({ id: _id, special, value, ...point }) => ({ ...point, value: decodeNumber({ value, special }) }));
  return { metrics: seriesFromPoints(points), upTo: rows.length > 0 ? rows[rows.length - 1].id : after };
}

export function listRunSummaries(db: Database, sql: Statements, query: RunQuery): RunSummary[] {
  const limit = query.limit ?? -1;
  if (query.limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidRunInputError(`The list limit must be a whole number of 0 or more (got ${String(limit)}).`);
  }
  // Three queries whatever the number of runs: the runs, the distinct settings texts they use
  // (parsed once each, one object for all the runs that use it), then all their tags at once.
  return db.transaction((): RunSummary[] => {
    const rows = sql.listRuns.all({
      deleted: query.inTrash ? 'only' : query.includeDeleted ? 'include' : 'hide',
      starred: query.starred === undefined ? null : query.starred ? 1 : 0,
      statuses: query.status ? JSON.stringify(query.status) : null,
      words: searchParameter(query.search),
      limit,
      afterCreatedAt: query.after?.createdAt ?? null,
      afterId: query.after?.id ?? null,
    });
    if (rows.length === 0) return [];
    const uses = countSettingsUses(rows);
    const settings = parseSettingsTexts(sql.selectSettingsTexts.all(JSON.stringify([...uses.keys()])), uses);
    const tags = groupTags(sql.selectTagsOfRuns.all(JSON.stringify(rows.map(runId))));
    return rows.map((row) => toListedRunSummary(row, settings, tags.get(runId(row)) ?? []));
  })();
}
