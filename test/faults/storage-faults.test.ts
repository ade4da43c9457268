// Storage faults (issue #6): a full disk and a locked database give a clear "retry" answer and no
// acknowledgement for anything not stored; when the fault clears, ingest goes on and the refused
// frames are taken when resent. The disk is a real one: a small tmpfs mounted for the test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 6, 1, 12);
// Comments of ~1 KB fill a disk quickly; each id says which frame it belongs to.
const comments = (frame: number, n: number) => Array.from({ length: n }, (_, i) => ({
  id: `f${frame}-${i}`, type: 'comment', ts: T0 + frame * 1000 + i, streamId: 'S', userId: `u${i % 50}`, text: `${frame}:${i} ${'好'.repeat(340)}`,
}));

let kp: TestKolpulse | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await kp?.close();
  kp = undefined;
  for (const c of cleanups.splice(0).reverse()) c();
});

describe('storage faults', () => {
  it('a full disk: the frame that does not fit gets "storage unavailable, retry", nothing of it is stored; freeing space lets it in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-fulldisk-'));
    // Root is needed to mount; CI and sessions on this machine run as root.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir]);
    cleanups.push(() => {
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    kp = await TestKolpulse.start({ dataDir: dir });
    // Leave about 1.5 MB free: enough for a few frames, not for all of them.
    const free = fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
    fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(Math.max(0, free - 1_500_000)));

    const acked: number[] = [];
    let refused: { frame: number; status: number; error: string } | null = null;
    for (let f = 0; f < 40 && !refused; f++) {
      const { status, body } = await kp.postEvents(comments(f, 200));
      if (status === 200) {
        expect(body.accepted).toBe(200);
        acked.push(f);
      } else {
        refused = { frame: f, status, error: body.error ?? '' };
      }
    }
    expect(refused).not.toBeNull();
    expect(refused!.status).toBe(503);
    expect(refused!.error).toMatch(/^storage unavailable, retry: .*(full|disk)/i);
    expect(acked.length).toBeGreaterThan(0);

    const storedFrames = async () => new Set((await kp!.storedEvents()).map((e) => Number(e.id.split('-')[0]!.slice(1))));
    let stored = await storedFrames();
    expect([...stored].sort((a, b) => a - b)).toEqual(acked);
    // The server is still up and answers reads.
    const summary = await kp.request('/api/streams/S/summary', { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } });
    expect(((await summary.json()) as { comments: number }).comments).toBe(acked.length * 200);

    // The fault clears: the refused frame, resent, is taken in full.
    fs.rmSync(path.join(dir, 'filler'));
    const resent = await kp.postEvents(comments(refused!.frame, 200));
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ accepted: 200, duplicates: 0 });
    stored = await storedFrames();
    expect([...stored].sort((a, b) => a - b)).toEqual([...acked, refused!.frame]);

    // And all of it survives a restart.
    kp = await kp.restart();
    expect((await kp.storedEvents()).length).toBe((acked.length + 1) * 200);
  });

  it('a locked database: the frame waits out the busy timeout, is refused with a reason, and is taken once the lock is gone', async () => {
    kp = await TestKolpulse.start();
    expect((await kp.ingest(comments(0, 10))).accepted).toBe(10);
    // Another program (a backup tool, an operator's sqlite3 shell) holds the write lock.
    const other = new Database(path.join(kp.dataDir, 'kolpulse.sqlite'));
    cleanups.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');
    const refused = await kp.postEvents(comments(1, 10));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('storage unavailable, retry: database is locked');
    other.exec('ROLLBACK');
    expect((await kp.storedEvents()).map((e) => e.id)).toEqual(comments(0, 10).map((e) => e.id));
    expect((await kp.postEvents(comments(1, 10))).body).toMatchObject({ accepted: 10, duplicates: 0 });
    expect(await kp.storedEvents()).toHaveLength(20);
  }, 30_000);
});
