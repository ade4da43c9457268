// Operator tasks (docs/operations.md): an online backup of a live server's SQLite file, and
// retention by `kolpulse prune`, both through the real CLI.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/child-server.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

const run = promisify(execFile);
const OLD = Date.UTC(2025, 0, 10, 12);
const NEW = Date.UTC(2026, 5, 10, 12);
const events = [
  ...Array.from({ length: 30 }, (_, i) => ({ id: `old-${i}`, type: 'comment', ts: OLD + i, streamId: 'A', userId: `u${i}`, text: 'hi' })),
  ...Array.from({ length: 20 }, (_, i) => ({ id: `new-${i}`, type: 'comment', ts: NEW + i, streamId: 'B', userId: `u${i}`, text: 'hi' })),
];
const cli = (args: string[], dataDir: string) => run(process.execPath, ['bin/kolpulse.mjs', ...args], { cwd: ROOT, env: { ...process.env, KOLPULSE_DATA_DIR: dataDir } });

let kp: TestKolpulse | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await kp?.close();
  kp = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

it('kolpulse backup copies a live database while the server goes on writing; the copy opens and holds a consistent moment', async () => {
  kp = await TestKolpulse.start();
  expect((await kp.ingest(events)).accepted).toBe(50);
  // A few MB, so the copy takes more than one step's worth of pages (a copy in steps once
  // started over at every write in between, and never finished under steady ingest).
  const filler = Array.from({ length: 12_000 }, (_, i) => ({ id: `fill-${i}`, type: 'comment', ts: NEW + i, streamId: 'B', userId: `f${i % 300}`, text: 'x'.repeat(300) }));
  for (let i = 0; i < filler.length; i += 4000) await kp.ingest(filler.slice(i, i + 4000));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-backup-'));
  dirs.push(out);
  const dest = path.join(out, 'copy.sqlite');
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      await kp!.ingest([{ id: `during-${written}`, type: 'like', ts: NEW, streamId: 'B', userId: 'u1' }]);
      written++;
    }
  })();
  const { stdout } = await cli(['backup', dest], kp.dataDir);
  writing = false;
  await writer;
  expect(stdout).toMatch(/^backed up .* to .*copy\.sqlite/);
  expect(written).toBeGreaterThan(0);
  const copy = new Database(dest, { readonly: true });
  try {
    const ids = copy.prepare('select id from events').pluck().all() as string[];
    // Everything stored before the copy began, and a prefix of what came during it.
    const before = [...events.map((e) => e.id), ...filler.map((e) => e.id)];
    expect(before.every((id) => ids.includes(id))).toBe(true);
    const during = ids.filter((id) => id.startsWith('during-')).map((id) => Number(id.slice(7))).sort((a, b) => a - b);
    expect(during).toEqual(during.map((_, i) => i));
    expect(ids.length).toBe(before.length + during.length);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    copy.close();
  }
  await expect(cli(['backup', dest], kp.dataDir)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('exists') });
});

it('kolpulse prune deletes events before the date (dry run first); after a restart the numbers leave them out', async () => {
  // A data dir of the test's own: TestKolpulse removes the ones it makes when it closes.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-prune-'));
  dirs.push(dataDir);
  kp = await TestKolpulse.start({ dataDir });
  expect((await kp.ingest(events)).accepted).toBe(50);
  // More old events than one delete statement takes (20,000), so the prune goes in chunks.
  const old = Array.from({ length: 45_000 }, (_, i) => ({ id: `older-${i}`, type: 'like', ts: OLD - 1000 - i, streamId: 'A', userId: `o${i % 900}` }));
  for (let i = 0; i < old.length; i += 5000) await kp.ingest(old.slice(i, i + 5000));
  await kp.close();
  kp = undefined;
  const dry = await cli(['prune', '--before', '2026-01-01', '--dry-run'], dataDir);
  expect(dry.stdout).toContain('would delete 45030 events and 0 rejected-log entries before 2026-01-01T00:00:00.000Z (all workspaces)');
  const done = await cli(['prune', '--before', '2026-01-01'], dataDir);
  expect(done.stdout).toContain('deleted 45030 events');
  kp = await TestKolpulse.start({ dataDir });
  expect((await kp.storedEvents()).map((e) => e.id).sort()).toEqual(events.slice(30).map((e) => e.id).sort());
  const streams = await (await kp.request('/api/streams', { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } })).json() as Array<{ streamId: string }>;
  expect(streams.map((s) => s.streamId)).toEqual(['B']);
});
