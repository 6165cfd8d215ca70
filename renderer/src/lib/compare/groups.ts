/**
 * Compare's grouping: runs that share their settings (all but the seed, and any the user chooses
 * to leave out) become one group, named by the settings that tell the groups apart, drawn as
 * a mean curve with a band and shown in the results as mean ± std (n).
 */
import { groupRuns, type RunGroup } from '../../../../common/sweeps/grouping';
import { HYPERPARAMETER_LABELS, type Hyperparameters } from '../../../../common/training/hyperparameters';
import type { RunDetail, RunSummary } from '../../../../common/training/run';
import { fingerprint, settingsDiff } from '../../../../common/training/settings-diff';
import type { ChartSeries } from '../../components/charts/types';
import { seriesColor } from '../charts/palette';
import { smooth } from '../charts/smoothing';
import { bandEdges, groupCurve, unevenLengths, type BandKind } from './group-curves';
import { cachedCurve, type CurveSelection } from './series';

/** What groupKey accepts to leave out besides hyperparameter names: the whole architecture. */
export const LAYERS_SETTING = 'layers';

export interface GroupingChoice {
  key: string;
  label: string;
}

/** The settings (seed aside) that differ among the runs: the ones grouping could leave out. */
export function groupingChoices(runs: readonly RunSummary[]): GroupingChoice[] {
  const differs = (values: unknown[]): boolean => new Set(values.map(fingerprint)).size > 1;
  const choices: GroupingChoice[] = [];
  if (differs(runs.map((r) => r.layers))) choices.push({ key: LAYERS_SETTING, label: 'Architecture' });
  for (const key of Object.keys(HYPERPARAMETER_LABELS) as (keyof Hyperparameters)[]) {
    if (key !== 'seed' && differs(runs.map((r) => r.hyperparameters[key]))) choices.push({ key, label: HYPERPARAMETER_LABELS[key] });
  }
  return choices;
}

export interface CompareGroup<R extends RunSummary = RunSummary> extends RunGroup<R> {
  /** The settings that set it apart from the other groups, and how many runs: "Learning rate 0.01 (n=3)". */
  label: string;
}

/** Groups in the order their first run was picked, each named by what differs between groups. */
export function compareGroups<R extends RunSummary>(runs: readonly R[], ignore: readonly string[]): CompareGroup<R>[] {
  const groups = groupRuns(runs, ignore);
  const ignoresLayers = ignore.includes(LAYERS_SETTING);
  // One run stands for each group, with what the groups do not share by design (the seed and the
  // left-out settings) blanked so that it cannot show up in the names.
  const standIns = groups.map(({ runs: [first] }) => {
    const hyperparameters: Partial<Hyperparameters> = { ...first.hyperparameters };
    delete hyperparameters.seed;
    for (const key of ignore) delete hyperparameters[key as keyof Hyperparameters];
    return { presetId: null, layers: ignoresLayers ? [] : first.layers, hyperparameters: hyperparameters as Hyperparameters };
  });
  const rows = settingsDiff(standIns);
  return groups.map((group, g) => {
    const name = rows.map((row) => `${row.setting} ${row.values[g]}`).join(', ') || 'All runs';
    return { ...group, label: `${name} (n=${group.runs.length})` };
  });
}

export interface GroupSeries {
  series: ChartSeries[];
  /** Groups whose runs have different lengths, so later points average fewer runs. */
  uneven: string[];
}

/** Each group's mean curve with its band, one colour per group; validation dashed beside train. */
export function buildGroupSeries(groups: readonly CompareGroup<RunDetail>[], selection: CurveSelection, band: BandKind): GroupSeries {
  const series: ChartSeries[] = [];
  const uneven = new Set<string>();
  const several = selection.splits.length > 1;
  groups.forEach((group, g) => {
    for (const split of selection.splits) {
      const curves = group.runs
        .map((run) => cachedCurve(run, selection.metric, split, selection.xAxis))
        .filter((c) => c.x.length > 0)
        .map((c) => ({ x: c.x, y: smooth(c.y, selection.smoothing) }));
      if (curves.length === 0) continue;
      const curve = groupCurve(curves);
      if (unevenLengths(curve)) uneven.add(group.label);
      series.push({
        label: several ? `${group.label} (${split})` : group.label,
        x: curve.x,
        y: curve.mean,
        color: seriesColor(g),
        dashed: several && split !== 'train',
        band: { x: curve.x, ...bandEdges(curve, band) },
      });
    }
  });
  return { series, uneven: [...uneven] };
}
