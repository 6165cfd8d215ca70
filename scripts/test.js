#!/usr/bin/env node
// `npm test`: type checks, the production build (the browser journeys drive it), then every vitest
// project. Ends with one line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const extra = process.argv.slice(2);
const report = 'test-results/vitest.json';
mkdirSync('test-results', { recursive: true });

function step(label, command, args) {
  process.stdout.write(`\n> ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status === 0;
}

const checks = [
  ['type check (tsc)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['type check (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']],
  ['build (electron-vite)', 'npx', ['electron-vite', 'build']],
];
let failedChecks = 0;
for (const [label, command, args] of checks) if (!step(label, command, args)) failedChecks++;

const vitestOk = step('tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0;
let failed = failedChecks;
let skipped = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  skipped += results.numPendingTests + results.numTodoTests;
  // A file that fails to load has no tests to count but is a failure all the same.
  failed += results.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else if (!vitestOk) failed++;
if (!vitestOk && failed === 0) failed = 1;

if (failedChecks > 0) console.log(`\n${failedChecks} check(s) before the tests failed (see above).`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
