// Wires kolpulse from its parts: storage → ingest → engines → routes. Only the process entry
// (server/main.ts) listens on a port; tests call `app.request()` and `handleUpgrade` directly.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StorageBackend } from '../db/dialect.js';
import { scanEvents } from '../db/event-queries.js';
import { migrateToLatest } from '../db/migrations.js';
import { openSqlite } from '../db/sqlite-backend.js';
import { isPostgresUrl, openPostgres } from '../db/postgres-backend.js';
import { WorkspaceStore } from '../db/workspace-store.js';
import { parseEvent, type CanonicalEvent } from '../ingest/event-schema.js';
import { MAX_FRAME_BYTES } from '../ingest/frame.js';
import { IngestService, type CommitListener } from '../ingest/ingest-service.js';
import { OrderLedger } from '../ingest/order-ledger.js';
import { OrderRegistry } from '../ingest/order-table.js';
import { attachIngestSocket } from '../ingest/ws-ingest.js';
import { TokenRegistry, tokenOf } from './auth.js';
import { RateLimiter } from './rate-limit.js';
import { hashToken } from '../db/workspace-store.js';
import { bootstrap, type Bootstrapped } from './bootstrap.js';
import type { Config } from './config.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { workspaceRoutes } from './routes/workspaces.js';
import { streamRoutes } from './routes/streams.js';
import { creatorRoutes, CreatorBody, settingsFromBody } from './routes/creators.js';
import { compareRoutes } from './routes/compare.js';
import { loadCreatorSettings } from '../db/creator-store.js';
import { MetricsService } from './metrics/metrics-service.js';
import { StreamView } from './stream-view.js';
import { AuthenticityService } from './authenticity/authenticity-service.js';
import { LivePush } from './live/live-push.js';
import { AttributionService } from './attribution/attribution-service.js';
import { attributionRoutes } from './routes/attribution.js';
import { webhookRoutes } from './routes/webhooks.js';
import { eventKey, KeySet, openClusterLog } from './cluster/cluster-log.js';
import { committedTail, followCommitted, type CommittedFeed } from './cluster/committed-feed.js';
import { publishingBackend } from './cluster/publishing-backend.js';

export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/client');

export interface Kolpulse {
  readonly app: Hono;
  readonly ingest: IngestService;
  readonly backend: StorageBackend;
  readonly tokens: TokenRegistry;
  readonly workspaces: WorkspaceStore;
  readonly metrics: MetricsService;
  readonly view: StreamView;
  readonly live: LivePush;
  readonly boot: Bootstrapped;
  /** Routes an HTTP upgrade to the WebSocket endpoints, after authentication. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stops accepting, writes what is queued, closes sockets and storage. */
  close(): Promise<void>;
}

export function openBackend(config: Config): StorageBackend {
  if (config.databaseUrl) {
    if (!isPostgresUrl(config.databaseUrl)) {
      throw new Error('KOLPULSE_DATABASE_URL must be a postgres:// or postgresql:// URL; unset it to use the embedded SQLite store');
    }
    // The data dir still holds the generated admin token and default-workspace files.
    return openPostgres(config.databaseUrl);
  }
  return openSqlite(path.join(config.dataDir, 'kolpulse.sqlite'), { synchronous: config.sqliteSync });
}

/** `all`: one whole kolpulse (or an API node of a cluster); `ingest`: a cluster's ingest node, which keeps no metrics. */
export type Role = 'all' | 'ingest';

/** How often a cluster node reloads the token grants: a workspace made on one node works on all within this. */
const TOKEN_RELOAD_MS = 2_000;
/** Sockets are pinged this often; one that has not answered the previous ping is closed. */
const HEARTBEAT_MS = 30_000;

export async function createKolpulse(config: Config, backend: StorageBackend = openBackend(config), role: Role = 'all'): Promise<Kolpulse> {
  await migrateToLatest(backend.db, backend.caps);
  const workspaces = new WorkspaceStore(backend.db);
  // Every cluster node writes the admin token's hash: they must all be given the same one.
  if (config.natsUrl && !config.adminToken) throw new Error('KOLPULSE_NATS_URL needs KOLPULSE_ADMIN_TOKEN, the same on every node of the cluster');
  const boot = await bootstrap(config, workspaces, role === 'all');
  const tokens = new TokenRegistry(await workspaces.grants());

  // In a cluster, ingest publishes to NATS JetStream and the engines follow what aggregators store.
  const cluster = config.natsUrl ? await openClusterLog(config.natsUrl, config.natsPrefix) : null;
  const reloadTokens = cluster && setInterval(() => {
    workspaces.grants().then((g) => tokens.reload(g), (err: Error) => console.error(`tokens: reload failed: ${err.message}`));
  }, TOKEN_RELOAD_MS);
  reloadTokens && reloadTokens.unref();

  // One order numbering per workspace for the ledger and every engine (ingest/order-table.ts).
  const orders = new OrderRegistry();
  const ledger = new OrderLedger(orders);
  const ingest = new IngestService({ backend: cluster ? publishingBackend(backend, cluster) : backend, ledger, currency: config.currency, maxQueuedEvents: config.maxQueuedEvents, maxBatchEvents: config.maxBatchEvents });
  const metrics = new MetricsService(orders);
  for (const saved of await loadCreatorSettings(backend.db)) {
    const parsed = CreatorBody.safeParse(saved.settings);
    if (parsed.success) metrics.workspace(saved.workspaceId).creators.applySettings(saved.creatorId, settingsFromBody(parsed.data));
  }
  // State held in memory is rebuilt from the stored events; afterwards it follows every commit.
  const authenticity = new AuthenticityService(metrics);
  const attribution = new AttributionService(metrics);
  const engines = [authenticity.fold, attribution.fold].filter((f) => config.detectors || f !== authenticity.fold);
  // The metrics listener goes last: it announces the change to the live push.
  const folds = [...engines, metrics.fold];
  let feed: CommittedFeed | null = null;
  if (role === 'all') {
    const tail = cluster ? await committedTail(cluster) : 0;
    const rebuilt = new KeySet();
    await replayStored(backend, [(ws, events) => ledger.fold(ws, events), metrics.fold, ...engines], cluster ? rebuilt : null);
    if (cluster) {
      feed = await followCommitted(cluster, tail, folds, rebuilt, (err) => {
        // Stale numbers served as live would mislead: stop, so a supervisor starts this node again.
        console.error(`committed feed: ${err.message}; stopping this API node`);
        process.kill(process.pid, 'SIGTERM');
      });
    }
    else for (const f of folds) ingest.onCommit(f);
  }
  const view = new StreamView(metrics, config.currency, authenticity);
  view.setAttribution((ws, creatorId, from, to) => attribution.creatorByModel(ws, creatorId, from, to));
  const live = new LivePush(view, metrics);

  let accepting = true;
  const app = new Hono();
  app.route('/', healthRoutes(() => accepting));
  app.route('/', workspaceRoutes(workspaces, tokens));
  const limiter = new RateLimiter({ perSecond: config.rateLimit });
  app.route('/', eventRoutes(backend.db, ingest, tokens, limiter));
  if (role === 'all') {
    app.route('/', streamRoutes(view, tokens));
    app.route('/', creatorRoutes(backend.db, metrics, config.currency, tokens));
    app.route('/', compareRoutes(metrics, view, config.currency, tokens));
    app.route('/', attributionRoutes(attribution, config.currency, tokens));
  app.route('/', webhookRoutes(workspaces, ingest, metrics, tokens));
  }
  app.all('/api/*', (c) => c.json({ error: 'not found' }, 404));
  if (role === 'all') {
    app.use('/*', serveStatic({ root: CLIENT_DIST }));
    app.get('/*', serveStatic({ root: CLIENT_DIST, path: 'index.html' }));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const connections = { total: 0, byToken: new Map<string, number>() };
  // A client that vanished without closing (a dropped network) never sends a close: without a
  // ping its socket would stay open, and count against the connection limits, for ever.
  const alive = new WeakMap<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const ws of [...wss.clients, ...liveWss.clients]) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const liveWss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  function refuse(socket: Duplex, status: number, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n{"error":"${text.toLowerCase()}"}`);
  }

  return {
    app,
    ingest,
    backend,
    tokens,
    workspaces,
    metrics,
    view,
    live,
    boot,
    handleUpgrade(req, socket, head) {
      const url = req.url ?? '/';
      const pathname = url.split('?')[0];
      if (!accepting) return refuse(socket, 503, 'Service Unavailable');
      if (pathname !== '/ingest' && (pathname !== '/live' || role !== 'all')) return refuse(socket, 404, 'Not Found');
      const token = tokenOf(req.headers.authorization, url);
      const auth = tokens.check(token, pathname === '/ingest' ? 'ingest' : 'read');
      if (!auth.ok) return refuse(socket, auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden');
      const workspaceId = auth.grant.workspaceId!;
      const key = hashToken(token!);
      // Connection limits: in all (503, the server is full) and per token (429, this client has enough).
      if (connections.total >= config.maxConnections) return refuse(socket, 503, 'Service Unavailable');
      if ((connections.byToken.get(key) ?? 0) >= config.maxConnectionsPerToken) return refuse(socket, 429, 'Too Many Requests');
      const opened = (ws: WebSocket) => {
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
        connections.total++;
        connections.byToken.set(key, (connections.byToken.get(key) ?? 0) + 1);
        ws.once('close', () => {
          connections.total--;
          const n = (connections.byToken.get(key) ?? 1) - 1;
          if (n > 0) connections.byToken.set(key, n);
          else connections.byToken.delete(key);
        });
      };
      if (pathname === '/ingest') {
        wss.handleUpgrade(req, socket, head, (ws) => {
          opened(ws);
          attachIngestSocket(ws, workspaceId, ingest, (n) => limiter.take(key, n));
        });
      } else {
        const streamId = new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('streamId');
        liveWss.handleUpgrade(req, socket, head, (ws) => {
          opened(ws);
          live.subscribe(ws, workspaceId, streamId || null);
        });
      }
    },
    async close() {
      accepting = false;
      clearInterval(heartbeat);
      if (reloadTokens) clearInterval(reloadTokens);
      await ingest.close();
      await feed?.stop();
      await cluster?.close();
      // Let the answers of the last frames reach their sockets before closing them.
      await new Promise((r) => setTimeout(r, 50));
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      wss.close();
      live.close();
      liveWss.close();
      await backend.close();
    },
  };
}

/** Feeds every stored event, in commit order, to the listeners that keep state in memory. */
async function replayStored(backend: StorageBackend, listeners: CommitListener[], seen: KeySet | null): Promise<void> {
  for await (const page of scanEvents(backend.db)) {
    let ws = '';
    let batch: CanonicalEvent[] = [];
    const emit = () => {
      if (batch.length) for (const l of listeners) l(ws, batch);
      batch = [];
    };
    for (const row of page) {
      if (row.workspaceId !== ws) {
        emit();
        ws = row.workspaceId;
      }
      const parsed = parseEvent(JSON.parse(row.body));
      if (!parsed.ok) continue;
      batch.push(parsed.event);
      seen?.add(eventKey(ws, parsed.event.id));
    }
    emit();
  }
}
