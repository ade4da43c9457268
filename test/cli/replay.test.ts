// The replay CLI and its resending client against a real kolpulse server on a socket: totals,
// duplicates on a second run, resends after a cut connection, "retry" answers, pacing, usage.
import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { replayCommand, type ReplayIo } from '../../cli/replay.js';
import { ResendingClient, type FrameAck } from '../../ingest/resending-client.js';
import { createKolpulse, type Kolpulse } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';

interface Running { kp: Kolpulse; base: string; token: string; dir: string; stop(): Promise<void> }

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function startServer(env: Record<string, string> = {}): Promise<Running> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kolpulse-replay-'));
  const kp = await createKolpulse(configFromEnv({ KOLPULSE_DATA_DIR: dir, KOLPULSE_ADMIN_TOKEN: 'adm', ...env }));
  const server = serve({ fetch: kp.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  server.on('upgrade', (req, socket, head) => kp.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const port = (server.address() as net.AddressInfo).port;
  const running: Running = {
    kp, dir, base: `http://127.0.0.1:${port}`, token: kp.boot.defaultWorkspace!.ingestToken,
    async stop() {
      server.close();
      await kp.close();
      server.closeAllConnections();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
  cleanups.push(() => running.stop());
  return running;
}

/** A TCP proxy in front of the server that cuts every connection once, after `cutAfter` bytes upstream. */
async function startCuttingProxy(targetPort: number, cutAfter: number) {
  const sockets = new Set<net.Socket>();
  const state = { upstreamBytes: 0, cuts: 0, connections: 0 };
  const proxy = net.createServer((client) => {
    state.connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      state.upstreamBytes += chunk.length;
      if (state.cuts === 0 && state.upstreamBytes > cutAfter) {
        state.cuts++;
        for (const s of sockets) s.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => proxy.close(r));
  });
  return { url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`, state };
}

const T0 = Date.parse('2025-06-18T12:00:00Z');

/** Valid events of several types, ids `ev-<n>`, `ts` spread evenly over `spanMs`. */
function makeEvents(n: number, spanMs = n * 10): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => {
    const base = { id: `ev-${i}`, ts: T0 + Math.round((i * spanMs) / Math.max(1, n - 1)), streamId: 'room-1' };
    switch (i % 5) {
      case 0: return { ...base, type: 'viewer_count', current: 100 + i };
      case 1: return { ...base, type: 'member_join', userId: `u${i % 97}` };
      case 2: return { ...base, type: 'comment', userId: `u${i % 97}`, text: `nice ${i} 好看` };
      case 3: return { ...base, type: 'like', userId: `u${i % 97}`, count: 1 + (i % 3) };
      default: return { ...base, type: 'purchase', orderId: `o-${i}`, userId: `u${i % 97}`, amount: '19.90', currency: 'CNY' };
    }
  });
}

async function writeNdjson(dir: string, name: string, lines: unknown[]): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

async function tmpDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kolpulse-replay-files-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

function captureIo(stdinText = ''): ReplayIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err, env: {},
    stdin: Readable.from([stdinText]),
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t), isTTY: false },
  };
}

interface Summary { ok: boolean; sent: number; acked: number; accepted: number; duplicates: number; rejected: number; reconnects: number; framesResent: number; notJson: number; seconds: number }

async function runReplay(args: string[], stdinText?: string): Promise<{ code: number; summary: Summary; io: ReturnType<typeof captureIo> }> {
  const io = captureIo(stdinText);
  const code = await replayCommand([...args, '--json'], io);
  return { code, summary: JSON.parse(io.out.join('')) as Summary, io };
}

async function storedCount(kp: Kolpulse): Promise<number> {
  const row = await kp.backend.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('kolpulse replay', () => {
  it('replays a few thousand events, every one accepted; a second run reports them all as duplicates', async () => {
    const srv = await startServer();
    const file = await writeNdjson(await tmpDir(), 'events.ndjson', makeEvents(3000));
    const first = await runReplay([file, '--url', srv.base, '--token', srv.token, '--batch', '250']);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ ok: true, sent: 3000, acked: 3000, accepted: 3000, duplicates: 0, rejected: 0 });
    expect(await storedCount(srv.kp)).toBe(3000);

    const second = await runReplay([file, '--url', srv.base.replace('http:', 'ws:'), '--token', srv.token]);
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ ok: true, sent: 3000, acked: 3000, accepted: 0, duplicates: 3000, rejected: 0 });
    expect(await storedCount(srv.kp)).toBe(3000);
  }, 60_000);

  it('reconnects after the connection is cut midway and resends; each distinct event is stored once', async () => {
    const srv = await startServer();
    const events = makeEvents(4000);
    // 200 lines recorded twice: the file holds 4,200 lines but 4,000 distinct events.
    const file = await writeNdjson(await tmpDir(), 'events.ndjson', [...events, ...events.slice(1000, 1200)]);
    const size = (await fs.stat(file)).size;
    const proxy = await startCuttingProxy(Number(new URL(srv.base).port), Math.round(size * 0.4));

    const { code, summary, io } = await runReplay([file, '--url', proxy.url, '--token', srv.token, '--batch', '200']);
    expect(proxy.state.cuts).toBe(1);
    expect(code).toBe(0);
    expect(summary.reconnects).toBeGreaterThanOrEqual(1);
    expect(summary.framesResent).toBeGreaterThanOrEqual(1);
    expect(summary.acked).toBe(4200);
    // A resent frame the server had already stored comes back as duplicates, so only the sum is fixed.
    expect(summary.accepted + summary.duplicates).toBe(4200);
    expect(summary.duplicates).toBeGreaterThanOrEqual(200);
    expect(await storedCount(srv.kp)).toBe(4000);
    expect(io.err.join('')).toMatch(/connection lost/);
  }, 60_000);

  it('paces by the recorded ts at --speed N (ms numbers and ISO strings alike)', async () => {
    const srv = await startServer();
    // 21 events over 2 s of recording; every other ts as an ISO string.
    const events = makeEvents(21, 2000).map((e, i) => (i % 2 ? { ...e, ts: new Date(e.ts as number).toISOString() } : e));
    const file = await writeNdjson(await tmpDir(), 'paced.ndjson', events);
    const started = performance.now();
    const { code, summary } = await runReplay([file, '--url', srv.base, '--token', srv.token, '--speed', '2']);
    const elapsed = performance.now() - started;
    expect(code).toBe(0);
    expect(summary.accepted).toBe(21);
    expect(elapsed).toBeGreaterThanOrEqual(800); // 2 s recorded ÷ 2 = about 1 s
  }, 30_000);

  it('reads stdin with -, and sends lines that are not JSON for the server to reject and log', async () => {
    const srv = await startServer();
    const lines = [...makeEvents(10).map((e) => JSON.stringify(e)), 'this is not json', '', '{"id": "x1", "type":'];
    const { code, summary, io } = await runReplay(['-', '--url', srv.base, '--token', srv.token], lines.join('\n'));
    expect(code).toBe(0);
    expect(summary).toMatchObject({ sent: 12, accepted: 10, rejected: 2, notJson: 2 });
    const logged = await srv.kp.backend.db.selectFrom('rejected').select(['event', 'idx']).orderBy('idx').execute();
    expect(logged.map((r) => [r.idx, JSON.parse(r.event)])).toEqual([[10, 'this is not json'], [11, '{"id": "x1", "type":']]);
    expect(io.out.join('')).not.toBe('');
  }, 30_000);

  it('prints a readable summary without --json', async () => {
    const srv = await startServer();
    const file = await writeNdjson(await tmpDir(), 'e.ndjson', [...makeEvents(20), { id: 'bad', type: 'nope', ts: T0 }]);
    const io = captureIo();
    expect(await replayCommand([file, '--url', srv.base, '--token', srv.token], io)).toBe(0);
    const out = io.out.join('');
    expect(out).toMatch(/21 events sent, 21 acknowledged \(20 accepted, 0 duplicates, 1 rejected\)/);
    expect(out).toMatch(/line 21 \(id bad\): type: must be one of/);
  }, 30_000);

  it('fails fast with exit 1 on a wrong token', async () => {
    const srv = await startServer();
    const file = await writeNdjson(await tmpDir(), 'e.ndjson', makeEvents(5));
    const io = captureIo();
    expect(await replayCommand([file, '--url', srv.base, '--token', 'wrong'], io)).toBe(1);
    expect(io.err.join('')).toMatch(/HTTP 401.*wrong or missing ingest token/);
    expect(await storedCount(srv.kp)).toBe(0);
  }, 30_000);

  it.each([
    [[]],
    [['--url', 'http://127.0.0.1:1', '--token', 't']],
    [['f.ndjson', '--token', 't']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1']],
    [['f.ndjson', '--url', 'ftp://127.0.0.1:1', '--token', 't']],
    [['f.ndjson', '--url', 'not a url', '--token', 't']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't', '--speed', '0']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't', '--speed', 'fast']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't', '--batch', '0']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't', '--batch', '5001']],
    [['f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't', '--bogus']],
    [['a.ndjson', 'b.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't']],
    [['/nonexistent/dir/f.ndjson', '--url', 'http://127.0.0.1:1', '--token', 't']],
  ])('usage error %j exits 2 with a message', async (args) => {
    const io = captureIo();
    expect(await replayCommand(args, io)).toBe(2);
    expect(io.err.join('')).toMatch(/^replay: \S/);
  });

  it('--help prints the usage and exits 0', async () => {
    const io = captureIo();
    expect(await replayCommand(['--help'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/usage: kolpulse replay/);
  });
});

describe('ResendingClient', () => {
  it('matches acks by seq and keeps retrying frames the server refuses for now', async () => {
    // Room for two frames' worth of queued events: most frames in a full window are refused at first.
    const srv = await startServer({ KOLPULSE_MAX_QUEUED_EVENTS: '1000' });
    const acks: FrameAck[] = [];
    const client = new ResendingClient({ url: srv.base, token: srv.token, auth: 'query', maxInFlight: 16, minBackoffMs: 5, maxBackoffMs: 100, onAck: (a) => acks.push(a) });
    cleanups.push(async () => client.close());
    const events = makeEvents(10_000);
    const sends: Array<Promise<FrameAck>> = [];
    for (let i = 0; i < events.length; i += 500) {
      await client.ready();
      sends.push(client.send(events.slice(i, i + 500)));
    }
    const results = await Promise.all(sends);
    await client.drain();
    expect(results.map((a) => a.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.every((a) => a.accepted === 500)).toBe(true);
    expect(acks.reduce((n, a) => n + a.accepted, 0)).toBe(10_000);
    const s = client.stats;
    expect(s).toMatchObject({ sent: 10_000, acked: 10_000, accepted: 10_000, duplicates: 0, pending: 0 });
    expect(s.retries).toBeGreaterThan(0);
    expect(s.framesSent).toBe(20 + s.retries);
    expect(await storedCount(srv.kp)).toBe(10_000);
  }, 60_000);

  it('gives up after repeated failed connection attempts', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const client = new ResendingClient({ url: `http://127.0.0.1:${port}`, token: 't', maxConnectFailures: 3, minBackoffMs: 5 });
    await expect(client.send([{ id: 'a' }])).rejects.toThrow(/after 3 attempts/);
    await expect(client.drain()).rejects.toThrow(/after 3 attempts/);
    expect(client.stats).toMatchObject({ framesFailed: 1, eventsFailed: 1, pending: 0 });
    client.close();
  });

  it('refuses frames over the contract limits before sending', async () => {
    const client = new ResendingClient({ url: 'http://127.0.0.1:1', token: 't' });
    await expect(client.send(new Array(5001).fill({}))).rejects.toThrow(/at most 5000/);
    await expect(client.send([{ text: 'x'.repeat(4 * 1024 * 1024) }])).rejects.toThrow(/bytes; at most/);
    expect(client.stats.framesSent).toBe(0);
    client.close();
  });
});
