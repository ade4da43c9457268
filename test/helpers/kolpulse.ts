// A kolpulse instance for tests: built from env-style settings in a fresh temp data dir, reached
// through `app.request()`, and on demand served on a real port (HTTP + WebSocket upgrade).
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { StorageBackend } from '../../db/dialect.js';
import { createKolpulse, openBackend, type Kolpulse } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';

export const ADMIN_TOKEN = 'kp_admin_test-suite-admin-token';

export interface WorkspaceTokens { id: string; ingestToken: string; readToken: string }

export interface Listening { baseUrl: string; wsUrl: string; server: Server }

export interface Answer {
  seq: number | null;
  accepted?: number;
  duplicates?: number;
  rejected?: Array<{ index: number; id: string | null; error: string }>;
  error?: string;
}

export interface RejectedEntry { receivedAt: number; index: number; id: string | null; error: string; event: unknown }

export interface TestKolpulseOptions {
  /** Reuse a data dir (a restart); by default a new temp dir is made and removed on close. */
  dataDir?: string;
  /** Extra settings, as environment variables. */
  env?: Record<string, string>;
  /** Wraps the storage (a slow or failing disk, for the overload and fault tests). */
  wrapBackend?: (backend: StorageBackend) => StorageBackend;
}

export class TestKolpulse {
  readonly adminToken = ADMIN_TOKEN;
  #listening: Listening | null = null;
  #ownsDir: boolean;

  private constructor(readonly kp: Kolpulse, readonly dataDir: string, readonly env: Record<string, string>, ownsDir: boolean) {
    this.#ownsDir = ownsDir;
  }

  static async start(opts: TestKolpulseOptions = {}): Promise<TestKolpulse> {
    const ownsDir = !opts.dataDir;
    const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-test-'));
    const env = { KOLPULSE_DATA_DIR: dataDir, KOLPULSE_ADMIN_TOKEN: ADMIN_TOKEN, ...opts.env };
    const config = configFromEnv(env);
    const kp = await createKolpulse(config, opts.wrapBackend ? opts.wrapBackend(openBackend(config)) : undefined);
    return new TestKolpulse(kp, dataDir, env, ownsDir);
  }

  get app() {
    return this.kp.app;
  }

  /** The `default` workspace made on first start. */
  get defaultWorkspace(): WorkspaceTokens {
    const d = this.kp.boot.defaultWorkspace;
    if (!d) throw new Error('no default workspace');
    return d;
  }

  request(pathname: string, init: RequestInit = {}): Promise<Response> {
    return Promise.resolve(this.kp.app.request(pathname, init));
  }

  /** POST /api/events with a JSON body (a frame) or an NDJSON string. */
  async postEvents(body: unknown, token = this.defaultWorkspace.ingestToken, opts: { ndjson?: boolean } = {}): Promise<{ status: number; body: Answer }> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await this.request('/api/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': opts.ndjson ? 'application/x-ndjson' : 'application/json' },
      body: text,
    });
    return { status: res.status, body: (await res.json()) as Answer };
  }

  /** POST /api/events, expecting 200; returns the answer. */
  async ingest(events: unknown[], token?: string): Promise<Answer> {
    const { status, body } = await this.postEvents(events, token);
    if (status !== 200) throw new Error(`POST /api/events answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  async rejected(token = this.defaultWorkspace.readToken, query = ''): Promise<RejectedEntry[]> {
    const res = await this.request(`/api/rejected${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET /api/rejected answered ${res.status}`);
    return ((await res.json()) as { rejected: RejectedEntry[] }).rejected;
  }

  async createWorkspace(name: string): Promise<WorkspaceTokens & { name: string }> {
    const res = await this.request('/api/workspaces', {
      method: 'POST',
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (res.status !== 201) throw new Error(`POST /api/workspaces answered ${res.status}`);
    return (await res.json()) as WorkspaceTokens & { name: string };
  }

  /** Stored events of a workspace, straight from the database. */
  storedEvents(workspaceId = this.defaultWorkspace.id) {
    return this.kp.backend.db.selectFrom('events').selectAll().where('workspace_id', '=', workspaceId).orderBy('pos').execute();
  }

  /** Serves the app on 127.0.0.1, port 0, with the WebSocket upgrade wired as in server/main.ts. */
  async listen(): Promise<Listening> {
    if (this.#listening) return this.#listening;
    const server = createServer(getRequestListener(this.kp.app.fetch));
    server.on('upgrade', (req, socket, head) => this.kp.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.#listening = { baseUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, server };
    return this.#listening;
  }

  /** Closes kolpulse (and the port) but keeps the data dir, then opens it again: a restart. */
  async restart(): Promise<TestKolpulse> {
    await this.#shutdown();
    const next = await TestKolpulse.start({ dataDir: this.dataDir, env: this.env });
    next.#ownsDir = this.#ownsDir;
    this.#ownsDir = false;
    return next;
  }

  async #shutdown(): Promise<void> {
    const l = this.#listening;
    this.#listening = null;
    const closed = l ? new Promise<void>((resolve) => l.server.close(() => resolve())) : Promise.resolve();
    await this.kp.close();
    l?.server.closeAllConnections();
    await closed;
  }

  async close(): Promise<void> {
    await this.#shutdown();
    if (this.#ownsDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
