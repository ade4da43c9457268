// Shop-side webhooks. PUT /api/workspaces/:id/webhooks/shopify (admin token) sets the workspace's
// Shopify secret; POST /api/webhooks/shopify/:workspace takes signed order webhooks and submits the
// mapped events to the ingest like any other frame (duplicates, ledger and rejected log alike).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { WorkspaceStore } from '../../db/workspace-store.js';
import { isObj, parseJsonKeepingBigInts } from '../../ingest/bridges/bridge-common.js';
import { mapShopify, verifyShopifyHmac } from '../../ingest/bridges/shopify.js';
import { MAX_FRAME_BYTES } from '../../ingest/frame.js';
import { IngestError, type IngestService } from '../../ingest/ingest-service.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { readJson } from './validate.js';

const SecretBody = z.object({ secret: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters') }).strict();
const WebhookHeaders = z.object({
  'x-shopify-webhook-id': z.string().trim().min(1).max(150),
  'x-shopify-topic': z.string().max(100).default(''),
});

export function webhookRoutes(workspaces: WorkspaceStore, ingest: IngestService, metrics: MetricsService, tokens: TokenRegistry): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .put('/api/workspaces/:id/webhooks/shopify', requireToken(tokens, 'admin'), async (c) => {
      const id = c.req.param('id');
      const body = await readJson(c, SecretBody);
      if (!body.ok) return body.response;
      if (!(await workspaces.exists(id))) return c.json({ error: 'no such workspace' }, 404);
      await workspaces.setWebhookSecret(id, 'shopify', body.value.secret);
      return c.json({ workspaceId: id, source: 'shopify', webhookPath: `/api/webhooks/shopify/${id}` });
    })
    .post(
      '/api/webhooks/shopify/:workspace',
      bodyLimit({ maxSize: MAX_FRAME_BYTES, onError: (c) => c.json({ error: `body over ${MAX_FRAME_BYTES} bytes` }, 413) }),
      async (c) => {
        const workspaceId = c.req.param('workspace');
        const raw = Buffer.from(await c.req.arrayBuffer());
        // An unknown workspace and a wrong signature answer alike: nothing else is revealed.
        const secret = workspaceId.length <= 200 ? await workspaces.webhookSecret(workspaceId, 'shopify') : undefined;
        if (!secret || !verifyShopifyHmac(raw, c.req.header('x-shopify-hmac-sha256'), secret)) return c.json({ error: 'unauthorized' }, 401);
        const headers = WebhookHeaders.safeParse(c.req.header());
        if (!headers.success) return c.json({ error: 'X-Shopify-Webhook-Id: required' }, 400);
        let payload: unknown;
        try {
          payload = parseJsonKeepingBigInts(raw.toString('utf8'));
        } catch (err) {
          return c.json({ error: `invalid JSON: ${(err as Error).message}` }, 400);
        }
        if (!isObj(payload)) return c.json({ error: 'body must be a JSON object' }, 400);
        const creators = metrics.workspace(workspaceId).creators;
        const mapped = mapShopify(headers.data['x-shopify-topic'], payload, {
          webhookId: headers.data['x-shopify-webhook-id'],
          trackingCode: (code) => (creators.creatorByCode(code) === undefined ? undefined : code),
        });
        if (mapped.kind === 'ignored') return c.json({ ignored: mapped.reason });
        if (mapped.kind === 'malformed') return c.json({ error: mapped.error }, 400);
        try {
          return c.json(await ingest.submit(workspaceId, null, mapped.events));
        } catch (err) {
          if (!(err instanceof IngestError)) throw err;
          // Refused for now (overload, shutdown): Shopify delivers again on a non-2xx answer.
          c.header('Retry-After', '1');
          return c.json({ error: err.message }, 503);
        }
      },
    );
}
