// One case per route the app serves (CONTRACT §2, §4–6; docs/api.md): which token it needs and
// the requests that exercise it for a brand. isolation.test.ts fails for a route without a case.
import crypto from 'node:crypto';
import { MODELS } from '../../server/attribution/attribution-query.js';
import type { Brand } from './two-workspaces.js';

export type Auth = 'read' | 'ingest' | 'admin' | 'public' | 'signed';

export interface Call { method: string; url: string; body?: string; headers?: Record<string, string> }

export interface RouteCase {
  auth: Auth;
  /** The requests that exercise the route for `b` (its own ids). */
  calls: (b: Brand) => Call[];
  /** Reads of one stream: asked for another brand's stream, they must answer 404. */
  perStream?: boolean;
  /** The answer shows the brand's own data (the control that a read returns anything at all). */
  showsOwn?: boolean;
}

const get = (url: string): Call => ({ method: 'GET', url });
const json = (method: string, url: string, body: unknown): Call => ({ method, url, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const room = (b: Brand, rest: string) => `/api/streams/${encodeURIComponent(b.stream)}/${rest}`;

/** Shopify's scheme: base64 HMAC-SHA256 of the raw body with the workspace's secret. */
export function shopifyCall(workspaceId: string, secret: string | null, body = '{}'): Call {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-shopify-webhook-id': crypto.randomUUID(), 'x-shopify-topic': 'app/uninstalled' };
  if (secret !== null) headers['x-shopify-hmac-sha256'] = crypto.createHmac('sha256', secret).update(body).digest('base64');
  return { method: 'POST', url: `/api/webhooks/shopify/${workspaceId}`, body, headers };
}
export const webhookSecret = (b: Brand) => `whsec-${b.mark}`;

export const ROUTE_CASES: Record<string, RouteCase> = {
  'GET /healthz': { auth: 'public', calls: () => [get('/healthz')] },
  'GET /*': { auth: 'public', calls: () => [get('/'), get('/index.html')] },
  'POST /api/workspaces': { auth: 'admin', calls: () => [json('POST', '/api/workspaces', { name: 'made by the auth suite' })] },
  'POST /api/events': { auth: 'ingest', calls: () => [json('POST', '/api/events', [])] },
  'GET /api/rejected': { auth: 'read', showsOwn: true, calls: () => [get('/api/rejected'), get('/api/rejected?limit=1000')] },
  'GET /api/streams': { auth: 'read', showsOwn: true, calls: () => [get('/api/streams')] },
  'GET /api/streams/:id/summary': { auth: 'read', perStream: true, showsOwn: true, calls: (b) => [get(room(b, 'summary'))] },
  'GET /api/streams/:id/series': { auth: 'read', perStream: true, calls: (b) => [get(room(b, 'series')), get(room(b, 'series?step=3600'))] },
  'GET /api/streams/:id/chat': { auth: 'read', perStream: true, showsOwn: true, calls: (b) => [get(room(b, 'chat?limit=500'))] },
  'GET /api/streams/:id/pins': { auth: 'read', perStream: true, showsOwn: true, calls: (b) => [get(room(b, 'pins'))] },
  'GET /api/streams/:id/suspect-orders': { auth: 'read', perStream: true, calls: (b) => [get(room(b, 'suspect-orders'))] },
  'GET /api/streams/:id/report': {
    auth: 'read', perStream: true, showsOwn: true, calls: (b) => ['json', 'csv', 'html'].map((f) => get(room(b, `report?format=${f}`))),
  },
  'GET /api/creators': { auth: 'read', showsOwn: true, calls: () => [get('/api/creators')] },
  'PUT /api/creators/:id': { auth: 'ingest', calls: (b) => [json('PUT', `/api/creators/${encodeURIComponent(b.creator)}`, { followers: 4321 })] },
  'GET /api/compare': { auth: 'read', calls: () => [get('/api/compare?by=tier'), get('/api/compare?by=tier&from=0&to=9999999999999')] },
  'GET /api/attribution': { auth: 'read', showsOwn: true, calls: () => MODELS.map((m) => get(`/api/attribution?model=${m}`)) },
  'PUT /api/workspaces/:id/webhooks/shopify': { auth: 'admin', calls: (b) => [json('PUT', `/api/workspaces/${b.id}/webhooks/shopify`, { secret: webhookSecret(b) })] },
  'POST /api/webhooks/shopify/:workspace': { auth: 'signed', calls: (b) => [shopifyCall(b.id, webhookSecret(b))] },
};

/** `app.use()` middleware and catch-alls: not routes of their own. */
export const MIDDLEWARE = ['ALL /api/streams', 'ALL /api/streams/*', 'ALL /api/*', 'ALL /*'];
