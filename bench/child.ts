// A server under benchmark, as a child process: start, wait until ready, watch its memory and
// CPU through /proc, stop. Kept apart so the load generator's CPU is not the server's.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The Node flags kolpulse's server runs with (package.json's start script, bin/kolpulse.mjs's
 * shebang): every server a benchmark starts gets them, so it measures what users run. A young
 * generation of 64 MB lets a batch's events die young instead of being copied and promoted:
 * bench:ingest measured −15 % CPU per event (docs/performance.md).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];
/** More Node flags for a benchmark's server, space-separated (`--cpu-prof --cpu-prof-dir=DIR`:
 *  NODE_OPTIONS refuses the profiler's flags). */
const extraServerFlags = (process.env.KOLPULSE_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

export interface ProcSample { rssKb: number; hwmKb: number; cpuTicks: number }

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function readProc(pid: number): ProcSample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    // Fields after the command name: state is field 3, utime 14, stime 15.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

export const ticksToSeconds = (ticks: number) => ticks / CLOCK_TICKS;

/**
 * CPU ticks of a process's main thread and of all its other threads (the SQLite writer, V8's
 * concurrent GC and compiler threads, libuv's pool: Node names them all "node"). Null once the
 * process is gone.
 */
export function readThreadTicks(pid: number): { main: number; other: number } | null {
  try {
    const out = { main: 0, other: 0 };
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (tid === String(pid)) out.main += ticks;
      else out.other += ticks;
    }
    return out;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  readonly child: ChildProcess;
  readonly #output: string[] = [];
  readonly #exited: Promise<number | null>;
  #maxRssKb = 0;
  #sampler: NodeJS.Timeout | null = null;

  constructor(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
    this.child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extraServerFlags, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => this.#output.push(d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => this.#output.push(d.toString()));
    this.#exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.#output.join('');
  }

  /** Resolves with the first stdout text that `match` accepts; fails if the process dies first. */
  async waitFor<T>(match: (output: string) => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let dead = false;
    void this.#exited.then(() => (dead = true));
    while (Date.now() < deadline) {
      const found = await match(this.output);
      if (found !== undefined) return found;
      if (dead) throw new Error(`server exited before it was ready:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  /** Samples VmRSS every `everyMs` from now on; `maxSampledRssKb` is the highest seen. */
  startSampling(everyMs = 100): void {
    this.#maxRssKb = 0;
    this.#sampler = setInterval(() => {
      const s = readProc(this.pid);
      if (s) this.#maxRssKb = Math.max(this.#maxRssKb, s.rssKb);
    }, everyMs);
  }

  sample(): ProcSample {
    const s = readProc(this.pid);
    if (!s) throw new Error('server process is gone');
    this.#maxRssKb = Math.max(this.#maxRssKb, s.rssKb);
    return s;
  }

  get maxSampledRssKb(): number {
    return this.#maxRssKb;
  }

  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code (null when killed by a signal). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    if (this.#sampler) clearInterval(this.#sampler);
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }
}

/** Waits until the kolpulse child answers GET /healthz on `port`. */
export function waitHealthy(server: ServerProcess, port: number, timeoutMs = 180_000): Promise<true> {
  return server.waitFor(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => (r.ok ? true : undefined), () => undefined), timeoutMs);
}

/** The `default` workspace a kolpulse child made on first start in `dataDir`. */
export function defaultWorkspaceOf(dataDir: string): { id: string; ingestToken: string; readToken: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'default-workspace.json'), 'utf8')) as { id: string; ingestToken: string; readToken: string };
}
