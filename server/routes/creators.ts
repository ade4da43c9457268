// Creators: GET /api/creators (read token) and PUT /api/creators/:id (ingest token: it writes)
// to set name, tier, tracking code, followers and fee beside what stream_start says.
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { saveCreatorSettings } from '../../db/creator-store.js';
import type { Database } from '../../db/schema.js';
import { amount as money, storableText } from '../../ingest/event-schema.js';
import { formatMajor, toMajor } from '../../ingest/money.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import type { CreatorSettings } from '../metrics/creator-registry.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { readJson } from './validate.js';

export const CreatorBody = z.object({
  name: z.string().max(500).nullable().optional(),
  tier: z.enum(['KOL', 'KOC']).nullable().optional(),
  code: z.string().min(1).max(200).nullable().optional(),
  followers: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  fee: z.union([money, z.object({ amount: money, currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional() })]).nullable().optional(),
}).strict().transform(({ fee, ...rest }) => ({
  ...rest,
  ...(fee === undefined ? {} : { fee: fee === null || typeof fee === 'number' ? fee : fee.amount }),
  feeCurrency: fee !== null && typeof fee === 'object' ? fee.currency : undefined,
}));

/** Settings as stored: fee in minor units. */
export function settingsFromBody(b: z.infer<typeof CreatorBody>): CreatorSettings {
  const { feeCurrency: _currency, ...settings } = b;
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as CreatorSettings;
}

export function creatorRoutes(db: Kysely<Database>, metrics: MetricsService, currency: string, tokens: TokenRegistry): Hono<AuthEnv> {
  const describe = (ws: string, id: string) => {
    const c = metrics.workspace(ws).creators.creator(id);
    return { ...c, fee: c.fee === null ? null : toMajor(c.fee) };
  };
  return new Hono<AuthEnv>()
    .get('/api/creators', requireToken(tokens, 'read'), (c) => {
      const ws = c.get('workspaceId');
      const ids = [...metrics.workspace(ws).creators.creatorIds()].sort();
      return c.json(ids.map((id) => describe(ws, id)));
    })
    .put('/api/creators/:id', requireToken(tokens, 'ingest'), async (c) => {
      const id = c.req.param('id');
      // The same rule as a creatorId in events: a NUL would fail the PostgreSQL write (500).
      if (id.length < 1 || id.length > 200 || storableText(id) !== id) return c.json({ error: 'creator id must be 1–200 characters, without NUL' }, 400);
      const body = await readJson(c, CreatorBody);
      if (!body.ok) return body.response;
      const ws = c.get('workspaceId');
      const registry = metrics.workspace(ws).creators;
      if (body.value.feeCurrency !== undefined && body.value.feeCurrency !== currency) {
        return c.json({ error: `fee.currency: ${body.value.feeCurrency} is not this deployment's reporting currency ${currency}` }, 400);
      }
      const merged = { ...registry.settings(id), ...settingsFromBody(body.value) };
      // Saved first, then applied: a failed write changes nothing. Stored in the body's own form
      // (fee as a decimal string), so loading reads it back with CreatorBody.
      await saveCreatorSettings(db, ws, id, { ...merged, fee: merged.fee == null ? merged.fee : formatMajor(merged.fee) });
      registry.applySettings(id, merged);
      return c.json(describe(ws, id));
    });
}
