// CONTRACT §1 and §3.1 against the real process: first start (tokens printed, default
// workspace), nothing acknowledged lost on SIGKILL, SIGTERM/SIGINT answer what is in flight
// and exit 0, and an oversized frame closes only its own connection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ChildServer } from '../helpers/child-server.js';
import { comments, TS, type RawEvent } from '../helpers/events.js';
import type { Answer } from '../helpers/kolpulse.js';
import { IngestClient } from '../helpers/ws-client.js';

const ADMIN = 'kp_admin_e2e-admin-token';

const dirs: string[] = [];
const children: ChildServer[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-e2e-'));
  dirs.push(d);
  return d;
}
async function start(dataDir: string, env: Record<string, string | undefined> = { KOLPULSE_ADMIN_TOKEN: ADMIN }): Promise<ChildServer> {
  const c = await ChildServer.start(dataDir, env);
  children.push(c);
  return c;
}

beforeAll(async () => {
  // The first `serve` builds the dashboard when dist/client is missing or stale; do it once here.
  const { ensureClientBuilt } = await import('../../cli/build-client.js');
  await ensureClientBuilt();
}, 120_000);

afterEach(async () => {
  for (const c of children.splice(0)) if (!c.exit) await c.stop('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Frame `seq`: `n − 1` comments plus, last, one comment without userId (rejected). */
function frame(run: string, seq: number, n: number): { seq: number; events: RawEvent[] } {
  const events = comments(`${run}-f${seq}`, n - 1);
  events.push({ id: `${run}-f${seq}-bad`, type: 'comment', ts: TS, streamId: 'room-1', text: 'no user' });
  return { seq, events };
}

function goodIds(f: { events: RawEvent[] }): string[] {
  return f.events.filter((e) => 'userId' in e).map((e) => e.id as string);
}

/** Event ids in the SQLite file, opened read-only after the server has stopped. */
function storedIds(dataDir: string): Set<string> {
  const db = new Database(path.join(dataDir, 'kolpulse.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('SELECT id FROM events').all() as Array<{ id: string }>).map((r) => r.id));
  } finally {
    db.close();
  }
}

function storedCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'kolpulse.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function post(base: string, pathname: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('first start', () => {
  test('prints the generated admin token once, and the default workspace tokens; both work', async () => {
    const dir = tmpDir();
    const first = await start(dir, { KOLPULSE_ADMIN_TOKEN: undefined });
    const admin = fs.readFileSync(path.join(dir, 'admin-token'), 'utf8').trim();
    const dws = first.defaultWorkspace();
    expect(admin.length).toBeGreaterThan(0);
    expect(first.stdout).toContain(admin);
    expect(first.stdout).toContain(dws.ingestToken);
    expect(first.stdout).toContain(dws.readToken);

    const created = await post(first.baseUrl, '/api/workspaces', admin, { name: 'Brand B' });
    expect(created.status).toBe(201);
    const ack = await post(first.baseUrl, '/api/events', dws.ingestToken, comments('first-start', 2));
    expect(await ack.json()).toEqual({ seq: null, accepted: 2, duplicates: 0, rejected: [] });
    // The same process serves the built dashboard.
    const page = await fetch(`${first.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const rejected = await fetch(`${first.baseUrl}/api/rejected`, { headers: { authorization: `Bearer ${dws.readToken}` } });
    expect(rejected.status).toBe(200);
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const second = await start(dir, { KOLPULSE_ADMIN_TOKEN: undefined });
    expect(second.stdout).not.toContain(admin);
    expect((await post(second.baseUrl, '/api/workspaces', admin, { name: 'Brand C' })).status).toBe(201);
    const resend = await post(second.baseUrl, '/api/events', dws.ingestToken, comments('first-start', 2));
    expect(await resend.json()).toEqual({ seq: null, accepted: 0, duplicates: 2, rejected: [] });
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});

describe('SIGKILL: nothing acknowledged is lost', () => {
  test('killed right after the last ack: every acknowledged event is stored, and only those', async () => {
    const dir = tmpDir();
    const server = await start(dir);
    const ws = server.defaultWorkspace();
    const frames = Array.from({ length: 10 }, (_, i) => frame('kill-after', i + 1, 300));
    const client = await IngestClient.open(server.wsUrl, ws.ingestToken);
    client.ws.on('message', () => {
      if (client.answers.length === frames.length) server.kill('SIGKILL');
    });
    for (const f of frames) void client.send(f);
    const answers = await client.nextN(frames.length);
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });

    expect(answers.map((a) => a.seq)).toEqual(frames.map((f) => f.seq));
    for (const a of answers) expect(a).toMatchObject({ accepted: 299, duplicates: 0, rejected: [{ index: 299 }] });
    const acked = answers.reduce((n, a) => n + a.accepted!, 0);
    expect(acked).toBe(2990);
    expect(storedCount(dir)).toBe(acked);
    expect(storedIds(dir)).toEqual(new Set(frames.flatMap(goodIds)));

    // After a restart, every event sent is reported as a duplicate.
    const again = await start(dir);
    const c2 = await IngestClient.open(again.wsUrl, ws.ingestToken);
    for (const f of frames) void c2.send(f);
    const resent = await c2.nextN(frames.length);
    for (const a of resent) expect(a).toMatchObject({ accepted: 0, duplicates: 299 });
    expect(resent.reduce((n, a) => n + a.duplicates!, 0)).toBe(acked);
    await c2.close();
    expect(await again.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(storedCount(dir)).toBe(acked);
  });

  test('killed mid-stream: every acknowledged frame is stored in full', async () => {
    const dir = tmpDir();
    const server = await start(dir);
    const ws = server.defaultWorkspace();
    const frames = Array.from({ length: 30 }, (_, i) => frame('kill-mid', i + 1, 1000));
    const client = await IngestClient.open(server.wsUrl, ws.ingestToken);
    client.ws.on('message', () => {
      if (client.answers.length === 3) server.kill('SIGKILL');
    });
    for (const f of frames) void client.send(f).catch(() => {});
    await client.closed;
    await server.exited;
    const answers = client.answers;
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(answers.map((a) => a.seq)).toEqual(frames.slice(0, answers.length).map((f) => f.seq));

    const ackedFrames = frames.slice(0, answers.length);
    const stored = storedIds(dir);
    for (const [i, f] of ackedFrames.entries()) {
      expect(answers[i]).toMatchObject({ accepted: 999, duplicates: 0 });
      for (const id of goodIds(f)) expect(stored.has(id)).toBe(true);
    }
    const sentGood = new Set(frames.flatMap(goodIds));
    for (const id of stored) expect(sentGood.has(id)).toBe(true);

    const again = await start(dir);
    const c2 = await IngestClient.open(again.wsUrl, ws.ingestToken);
    for (const f of ackedFrames) void c2.send(f);
    for (const a of await c2.nextN(ackedFrames.length)) expect(a).toMatchObject({ accepted: 0, duplicates: 999 });
    await c2.close();
    await again.stop('SIGTERM');
  });
});

describe('graceful stop', () => {
  test('SIGTERM: the frames in flight are answered, acknowledged events are stored, exit 0', async () => {
    const dir = tmpDir();
    const server = await start(dir);
    const ws = server.defaultWorkspace();
    const frames = Array.from({ length: 8 }, (_, i) => frame('term', i + 1, 1000));
    const client = await IngestClient.open(server.wsUrl, ws.ingestToken);
    const sends = frames.map((f) => client.send(f));
    await sends[sends.length - 1];
    server.kill('SIGTERM');
    const exit = await server.exited;
    await client.closed;
    expect(exit).toEqual({ code: 0, signal: null });

    const answers: Answer[] = client.answers;
    // Every frame is answered, in order: acknowledged, or refused for the shutdown (to be resent).
    expect(answers.map((a) => a.seq)).toEqual(frames.map((f) => f.seq));
    for (const a of answers) {
      if (a.error === undefined) expect(a).toMatchObject({ accepted: 999, duplicates: 0 });
    }
    const ackedFrames = frames.filter((_, i) => answers[i]!.error === undefined);
    const acked = ackedFrames.length * 999;
    expect(storedCount(dir)).toBe(acked);
    expect(storedIds(dir)).toEqual(new Set(ackedFrames.flatMap(goodIds)));
  });

  test('SIGINT also stops cleanly with exit 0', async () => {
    const dir = tmpDir();
    const server = await start(dir);
    const client = await IngestClient.open(server.wsUrl, server.defaultWorkspace().ingestToken);
    expect(await client.roundTrip({ seq: 1, events: comments('int', 5) })).toMatchObject({ seq: 1, accepted: 5 });
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(storedCount(dir)).toBe(5);
  });
});

describe('oversized frame', () => {
  test('a frame over 4 MiB closes its connection with 1009; the server and other connections go on', async () => {
    const dir = tmpDir();
    const server = await start(dir);
    const token = server.defaultWorkspace().ingestToken;
    const victim = await IngestClient.open(server.wsUrl, token);
    const bystander = await IngestClient.open(server.wsUrl, token);
    const earlier = comments('oversize-before', 10);
    expect(await victim.roundTrip({ seq: 1, events: earlier })).toMatchObject({ seq: 1, accepted: 10 });

    void victim.send(JSON.stringify({ seq: 2, events: [{ ...comments('oversize', 1)[0], pad: 'p'.repeat(4 * 1024 * 1024) }] })).catch(() => {});
    expect((await victim.closed).code).toBe(1009);

    // The server is still up, and the other connection still open.
    const health = await fetch(`${server.baseUrl}/healthz`).then((r) => r.status, (e: Error) => `unreachable (${String((e.cause as Error | undefined)?.message ?? e.message)})`);
    expect(health, `server output:\n${server.stderr}`).toBe(200);
    expect(bystander.ws.readyState).toBe(1);
    const after = await bystander.roundTrip({ seq: 1, events: comments('oversize-after', 3) });
    expect(after).toMatchObject({ seq: 1, accepted: 3 });
    expect(await bystander.roundTrip({ seq: 2, events: earlier })).toMatchObject({ seq: 2, accepted: 0, duplicates: 10 });
    expect(server.exit).toBeNull();
    await bystander.close();
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
