// Fixtures of the bridge tests (test/fixtures/bridges/), written by hand from the published field
// definitions, and a collecting io for the CLI commands.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from '../../cli/sending.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/bridges');

export const fixturePath = (name: string) => path.join(FIXTURES, name);

export function readFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as T;
}

export interface CollectingIo extends CommandIo {
  out: string[];
  err: string[];
}

export function collectingIo(stdinText = ''): CollectingIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    stdin: Readable.from([stdinText]),
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    env: {},
  };
}
