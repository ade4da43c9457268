// The real server as a child process (`node bin/kolpulse.mjs serve`), for the tests whose point
// is the process: signals, crashes, what is on disk afterwards, what is printed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceTokens } from './kolpulse.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export class ChildServer {
  #out = '';
  #err = '';
  readonly exited: Promise<Exit>;
  #exit: Exit | null = null;

  private constructor(readonly proc: ChildProcess, readonly port: number, readonly dataDir: string) {
    proc.stdout!.on('data', (d: Buffer) => (this.#out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.#err += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve((this.#exit = { code, signal }))));
  }

  /**
   * Starts the server and waits until GET /healthz answers {"ok":true}; on a free port unless
   * `options.port` names one (a restart on the port its clients know).
   */
  static async start(dataDir: string, env: Record<string, string | undefined> = {}, options: { port?: number } = {}): Promise<ChildServer> {
    const child = ChildServer.spawn(dataDir, env, options.port ?? await freePort());
    await child.ready();
    return child;
  }

  /** Starts the server without waiting for it, for tests that kill it while it starts up. */
  static spawn(dataDir: string, env: Record<string, string | undefined>, port: number): ChildServer {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', KOLPULSE_DATA_DIR: dataDir, ...env };
    for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
    const proc = spawn(process.execPath, ['bin/kolpulse.mjs', 'serve'], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ChildServer(proc, port, dataDir);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get stdout(): string {
    return this.#out;
  }

  get stderr(): string {
    return this.#err;
  }

  get exit(): Exit | null {
    return this.#exit;
  }

  /** Resolves once GET /healthz answers {"ok":true}; rejects if the process exits first. */
  async ready(): Promise<void> {
    for (;;) {
      if (this.#exit) throw new Error(`server exited (${JSON.stringify(this.#exit)}) before it was healthy:\n${this.#out}\n${this.#err}`);
      try {
        const res = await fetch(`${this.baseUrl}/healthz`);
        if (res.status === 200 && JSON.stringify(await res.json()) === '{"ok":true}') return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The default workspace's tokens, from the file the server writes on first start. */
  defaultWorkspace(): WorkspaceTokens {
    return JSON.parse(fs.readFileSync(path.join(this.dataDir, 'default-workspace.json'), 'utf8')) as WorkspaceTokens;
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.#exit) this.proc.kill(signal);
  }

  /** Sends `signal` and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    this.kill(signal);
    return this.exited;
  }
}
