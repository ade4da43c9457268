// Stream reads (read token): the list, summary, series, report and suspect orders (CONTRACT §4.1).
import { Hono } from 'hono';
import { z } from 'zod';
import type { StreamView } from '../stream-view.js';
import { requireToken, type AuthEnv, type TokenRegistry } from '../auth.js';
import { renderReport } from '../report/render.js';
import { readQuery } from './validate.js';


const SeriesQuery = z.object({
  step: z.coerce.number().int('must be an integer').min(60, 'must be at least 60 seconds').max(86_400, 'must be at most 86400 seconds')
    .refine((s) => s % 60 === 0, 'must be a multiple of 60 seconds').default(60),
});
const ChatQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const ReportQuery = z.object({ format: z.enum(['json', 'csv', 'html'], { error: 'must be json, csv or html' }).default('json') });

export function streamRoutes(view: StreamView, tokens: TokenRegistry): Hono<AuthEnv> {
  const notFound = { error: 'no such stream' };
  return new Hono<AuthEnv>()
    .use('/api/streams', requireToken(tokens, 'read'))
    .use('/api/streams/*', requireToken(tokens, 'read'))
    .get('/api/streams', (c) => c.json(view.list(c.get('workspaceId'))))
    .get('/api/streams/:id/summary', (c) => {
      const s = view.summary(c.get('workspaceId'), c.req.param('id'));
      return s ? c.json(s) : c.json(notFound, 404);
    })
    .get('/api/streams/:id/series', (c) => {
      const q = readQuery(c, SeriesQuery);
      if (!q.ok) return q.response;
      const s = view.series(c.get('workspaceId'), c.req.param('id'), q.value.step * 1000);
      return s ? c.json(s) : c.json(notFound, 404);
    })
    .get('/api/streams/:id/chat', (c) => {
      const q = readQuery(c, ChatQuery);
      if (!q.ok) return q.response;
      const ws = c.get('workspaceId');
      const id = c.req.param('id');
      const comments = view.chat(ws, id, q.value.limit);
      return comments ? c.json({ comments }) : c.json(notFound, 404);
    })
    .get('/api/streams/:id/pins', (c) => {
      const pins = view.pins(c.get('workspaceId'), c.req.param('id'));
      return pins ? c.json({ pins }) : c.json(notFound, 404);
    })
    .get('/api/streams/:id/suspect-orders', (c) => {
      const s = view.suspectOrders(c.get('workspaceId'), c.req.param('id'));
      return s ? c.json(s) : c.json(notFound, 404);
    })
    .get('/api/streams/:id/report', (c) => {
      const q = readQuery(c, ReportQuery);
      if (!q.ok) return q.response;
      const report = view.report(c.get('workspaceId'), c.req.param('id'));
      if (!report) return c.json(notFound, 404);
      const out = renderReport(report, q.value.format);
      c.header('Content-Type', out.contentType);
      if (q.value.format !== 'json') c.header('Content-Disposition', `inline; filename="${out.filename}"`);
      return c.body(out.body);
    });
}
