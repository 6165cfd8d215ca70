#!/usr/bin/env node
// The command line runs the TypeScript sources through tsx (a regular dependency), so there is no
// build step between `npm install` and `mnist-lab`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main/cli/index.ts');
process.exitCode = await runCli(process.argv.slice(2));
