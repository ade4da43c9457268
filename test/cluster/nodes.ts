// Cluster nodes as child processes (`kolpulse serve | ingest-node | aggregator`) sharing one
// PostgreSQL database and one NATS JetStream prefix, for the scale-out tests (issue #8).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../helpers/child-server.js';

export const NATS_URL = process.env.KOLPULSE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const CLUSTER_ADMIN_TOKEN = 'kp_admin_cluster-test';

export type NodeKind = 'serve' | 'ingest-node' | 'aggregator';

export class ClusterNode {
  #out = '';
  readonly exited: Promise<void>;
  #gone = false;

  private constructor(readonly kind: NodeKind, readonly proc: ChildProcess, readonly port: number, readonly dataDir: string) {
    proc.stdout!.on('data', (d: Buffer) => (this.#out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.#out += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', () => {
      this.#gone = true;
      resolve();
    }));
  }

  static async start(kind: NodeKind, env: Record<string, string>): Promise<ClusterNode> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kolpulse-${kind}-`));
    const proc = spawn(process.execPath, ['bin/kolpulse.mjs', kind], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', KOLPULSE_DATA_DIR: dataDir, KOLPULSE_ADMIN_TOKEN: CLUSTER_ADMIN_TOKEN, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new ClusterNode(kind, proc, port, dataDir);
    await node.#ready();
    return node;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get output(): string {
    return this.#out;
  }

  async #ready(): Promise<void> {
    for (;;) {
      if (this.#gone) throw new Error(`${this.kind} exited before it was ready:\n${this.#out}`);
      if (this.kind === 'aggregator') {
        if (this.#out.includes('aggregator running')) return;
      } else {
        const ok = await fetch(`${this.baseUrl}/healthz`).then((r) => r.ok, () => false);
        if (ok) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The default workspace made by the first API node. */
  defaultWorkspace(): { id: string; ingestToken: string; readToken: string } {
    return JSON.parse(fs.readFileSync(path.join(this.dataDir, 'default-workspace.json'), 'utf8'));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.#gone) this.proc.kill(signal);
    await this.exited;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
