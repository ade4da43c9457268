// The server's Node flags (a 64 MB young generation, docs/operations.md) are given in four
// places that V8 reads only at start: npm start, npm run demo, the bin's shebang, and the
// benchmarks' servers. They must not drift apart, and the shebang must run as written.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../bench/child.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/kolpulse.mjs');

describe('server Node flags', () => {
  it('are the same for npm start, npm run demo, the bin and the benchmarks', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const shebang = fs.readFileSync(BIN, 'utf8').split('\n')[0]!;
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(scripts.start).toContain(`node ${flag} bin/kolpulse.mjs serve`);
      expect(scripts.demo).toContain(`node ${flag} bin/kolpulse.mjs demo`);
      expect(shebang).toContain(flag);
    }
  });

  it('run through the shebang when the bin is executed directly', async () => {
    const { stdout } = await promisify(execFile)(BIN, ['--help'], { cwd: ROOT });
    expect(stdout).toContain('kolpulse <command>');
  });

  it('an unknown command exits 2 with the usage on stderr', async () => {
    const failed = await promisify(execFile)(BIN, ['nope'], { cwd: ROOT }).then(() => null, (err: { code: number; stdout: string; stderr: string }) => err);
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toBe('');
    expect(failed?.stderr).toContain('unknown command: nope');
  });
});
