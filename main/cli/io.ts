/** The command line's view of the terminal, injectable so commands can be tested in-process. */
import type { ValidationIssue } from '../../common/layers/types';
import { CliUsageError } from './errors';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  env: process.env,
});

/** Prints one JSON document (the --json contract) or lines of text. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, jsonNumbers, 2)}\n`);
}

/** JSON has no NaN or Infinity: a diverged run's losses are written as strings instead of null, so they stay visible. */
function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A plain text table with aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function parseRunId(text: string | undefined): number {
  const id = Number(text);
  if (!text || !Number.isSafeInteger(id) || id < 1) throw new CliUsageError(`"${text ?? ''}" is not a run id (a whole number such as 3; see \`mnist-lab runs\`).`);
  return id;
}

/** Validation problems, one per line, as the designer would show them. */
export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((issue) => `  - ${issue.message}\n`).join('');
}
