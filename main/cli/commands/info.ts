/** `mnist-lab presets` and `mnist-lab doctor`. */
import { compactCount } from '../../../common/format/numbers';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { describeLayer } from '../../../common/layers/describe';
import { PRESETS } from '../../../common/layers/presets';
import { databaseFile } from '../../home';
import type { Command, CommandContext } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { LOCAL_COMPUTE, type SlurmSettings } from '../../../common/compute/compute-target';
import { checkCluster } from '../../slurm/cluster-doctor';
import { COMPUTE_OPTIONS, COMPUTE_USAGE, computeFromArgs } from './compute-args';
import { printJson, table } from '../io';

export const presets: Command = {
  name: 'presets',
  summary: 'List the built-in networks with their size and cost.',
  usage: 'mnist-lab presets [--json]',
  options: {},
  async run(ctx) {
    const rows = PRESETS.map((p) => {
      const report = analyzeArchitecture(p.layers);
      return { ...p, params: report.totalParams, macs: report.totalMacs };
    });
    if (ctx.json) printJson(ctx.io, rows);
    else {
      ctx.io.out(table(['id', 'name', 'params', 'MACs', 'layers'], rows.map((p) => [p.id, p.name, compactCount(p.params), compactCount(p.macs), p.layers.map(describeLayer).join(' > ')])));
    }
    return EXIT_OK;
  },
};

export const doctor: Command = {
  name: 'doctor',
  summary: 'Which TensorFlow.js backends load here, why not, and how to fix it.',
  usage: `mnist-lab doctor [--json]\n       mnist-lab doctor --on slurm --shared-dir DIR ${COMPUTE_USAGE.replace('[--on local|slurm] ', '')}: checks the cluster`,
  options: COMPUTE_OPTIONS,
  async run(ctx) {
    const compute = computeFromArgs(ctx.values, LOCAL_COMPUTE);
    if (compute?.on === 'slurm') return clusterDoctor(ctx, compute.slurm);
    // The doctor only reads: it does not open (or create) the database.
    const { doctorReport } = await import('../../services/doctor');
    const report = await doctorReport(ctx.homeDir, databaseFile(ctx.homeDir));
    if (ctx.json) {
      printJson(ctx.io, report);
      return EXIT_OK;
    }
    const lines = ['Backends (tried in this order by "auto"):'];
    for (const b of report.backends) {
      lines.push(`  ${b.available ? 'ok  ' : 'no  '} ${b.backend}${b.backend === report.autoBackend ? '   <- used by auto' : ''}`);
      if (b.reason) lines.push(`        why: ${b.reason}`);
      if (b.fix) lines.push(`        fix: ${b.fix}`);
    }
    lines.push('', 'Versions:', ...Object.entries(report.versions).map(([k, v]) => `  ${k.padEnd(30)} ${v}`));
    lines.push('', `Data folder: ${report.homeDir}`, `Database:    ${report.dbFile}`, `Platform:    ${report.platform}`);
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};

async function clusterDoctor(ctx: CommandContext, settings: SlurmSettings): Promise<number> {
  const checks = await checkCluster(settings);
  const ok = checks.every((c) => c.ok);
  if (ctx.json) printJson(ctx.io, { cluster: checks, ok });
  else ctx.io.out(`Slurm:\n${checks.map((c) => `  ${c.ok ? 'ok  ' : 'no  '} ${c.check}: ${c.detail}`).join('\n')}\n`);
  return ok ? EXIT_OK : EXIT_FAILED;
}
