#!/usr/bin/env -S node --max-semi-space-size=64
// The `kolpulse` command: registers the TypeScript loader, then runs the CLI.
// The flag: a 64 MB young generation lets a batch's events die young (docs/performance.md);
// package.json's start and demo scripts and bench/child.ts pass the same.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
await runCli(process.argv.slice(2));
