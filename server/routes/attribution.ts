// GET /api/attribution (read token): every purchase in [from, to) credited to creators under
// one model (CONTRACT §5).
import { Hono } from 'hono';
import { z } from 'zod';
import { MODELS } from '../attribution/attribution-query.js';
import type { AttributionService } from '../attribution/attribution-service.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { FAR_FUTURE, durationParam, timeParam } from './time-query.js';
import { readQuery } from './validate.js';

const AttributionQueryParams = z.object({
  model: z.enum(MODELS, { error: `must be one of ${MODELS.join(', ')}` }).default('last_touch'),
  from: timeParam.optional(),
  to: timeParam.optional(),
  window: durationParam('window').optional(),
  halfLife: durationParam('halfLife').optional(),
});

export function attributionRoutes(attribution: AttributionService, currency: string, tokens: TokenRegistry): Hono<AuthEnv> {
  return new Hono<AuthEnv>().get('/api/attribution', requireToken(tokens, 'read'), (c) => {
    const q = readQuery(c, AttributionQueryParams);
    if (!q.ok) return q.response;
    const { model, from = 0, to = FAR_FUTURE, window, halfLife } = q.value;
    if (to < from) return c.json({ error: 'to: must not be before from' }, 400);
    return c.json({ ...attribution.attribute(c.get('workspaceId'), { model, from, to, window, halfLife }), currency });
  });
}
