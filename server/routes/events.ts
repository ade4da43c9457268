// POST /api/events (ingest token; JSON frame or NDJSON) and GET /api/rejected (read token).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { readRejected } from '../../db/event-queries.js';
import type { Database } from '../../db/schema.js';
import { MAX_FRAME_BYTES, parseJsonFrame, parseNdjson } from '../../ingest/frame.js';
import type { IngestService } from '../../ingest/ingest-service.js';
import { answerFrame } from '../../ingest/ws-ingest.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import type { RateLimiter } from '../rate-limit.js';
import { readQuery } from './validate.js';

const RejectedQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export function eventRoutes(db: Kysely<Database>, ingest: IngestService, tokens: TokenRegistry, limiter: RateLimiter): Hono<AuthEnv> {
  return new Hono<AuthEnv>()
    .post(
      '/api/events',
      requireToken(tokens, 'ingest'),
      bodyLimit({ maxSize: MAX_FRAME_BYTES, onError: (c) => c.json({ seq: null, error: `body over ${MAX_FRAME_BYTES} bytes` }, 413) }),
      async (c) => {
        const ndjson = (c.req.header('content-type') ?? '').includes('ndjson');
        const key = c.get('tokenHash');
        const { answer, retryable, retryAfterMs } = await answerFrame(await c.req.text(), c.get('workspaceId'), ingest, ndjson ? parseNdjson : parseJsonFrame, (n) => limiter.take(key, n));
        // An ack is 200 (CONTRACT §3.1). A frame error carries the same JSON as over the
        // WebSocket with 400; a refusal for now (overload, storage, shutdown) 503 and Retry-After;
        // over the token's rate limit, 429 and Retry-After.
        if ('accepted' in answer) return c.json(answer, 200);
        if (retryAfterMs !== undefined) {
          c.header('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
          return c.json(answer, 429);
        }
        if (retryable) c.header('Retry-After', '1');
        return c.json(answer, retryable ? 503 : 400);
      },
    )
    .get('/api/rejected', requireToken(tokens, 'read'), async (c) => {
      const q = readQuery(c, RejectedQuery);
      if (!q.ok) return q.response;
      return c.json({ rejected: await readRejected(db, c.get('workspaceId'), q.value.limit) });
    });
}
