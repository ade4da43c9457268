// GET /healthz: 200 once the server accepts ingest.
import { Hono } from 'hono';

export function healthRoutes(isReady: () => boolean): Hono {
  return new Hono().get('/healthz', (c) => (isReady() ? c.json({ ok: true }) : c.json({ ok: false }, 503)));
}
