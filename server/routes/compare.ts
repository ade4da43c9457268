// GET /api/compare?by=tier&from=&to= (read token): KOL against KOC side by side.
import { Hono } from 'hono';
import { z } from 'zod';
import { compareByTier } from '../metrics/compare.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import type { StreamView } from '../stream-view.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { FAR_FUTURE, timeParam } from './time-query.js';
import { readQuery } from './validate.js';

const CompareQuery = z.object({
  by: z.enum(['tier'], { error: 'must be tier' }).default('tier'),
  from: timeParam.optional(),
  to: timeParam.optional(),
});

export function compareRoutes(metrics: MetricsService, view: StreamView, currency: string, tokens: TokenRegistry): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/api/compare', requireToken(tokens, 'read'), (c) => {
    const q = readQuery(c, CompareQuery);
    if (!q.ok) return q.response;
    const ws = c.get('workspaceId');
    const from = q.value.from ?? 0;
    const to = q.value.to ?? FAR_FUTURE;
    const rows = compareByTier(metrics.workspace(ws), from, to, (id) => view.summary(ws, id)?.authenticity.score ?? 100);
    return c.json({ by: q.value.by, from, to, currency, tiers: rows, ...Object.fromEntries(rows.map((r) => [r.tier, r])) });
  });
}
