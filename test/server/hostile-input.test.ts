// Inputs that once took the server down or broke a rule, found in review: each must now get a
// clear answer and leave the server serving.
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvent } from '../../ingest/event-schema.js';
import { csvField } from '../../server/report/render.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 6, 1, 12, 0, 0);
let kp: TestKolpulse;
afterEach(async () => kp?.close());
const read = (path: string) => kp.request(path, { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } });

describe('hostile input', () => {
  it('an event nested 20,000 levels deep is rejected alone with a reason; its neighbours are stored', async () => {
    kp = await TestKolpulse.start();
    // Written as text: the test's own JSON.stringify could not serialise it either.
    const deep = `${'{"d":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`;
    const like = (id: string) => JSON.stringify({ id, type: 'like', ts: T0, streamId: 'S', userId: 'u' });
    const body = `[${like('ok-1')},${like('deep').slice(0, -1)},"extra":${deep}},${like('ok-2')}]`;
    const { status, body: ack } = await kp.postEvents(body);
    expect(status).toBe(200);
    expect(ack.accepted).toBe(2);
    expect(ack.rejected).toEqual([{ index: 1, id: 'deep', error: 'event: nested too deeply to store' }]);
    expect((await kp.rejected()).find((r) => r.id === 'deep')?.error).toBe('event: nested too deeply to store');
    expect((await kp.ingest([{ id: 'ok-3', type: 'like', ts: T0, streamId: 'S', userId: 'u' }])).accepted).toBe(1);
  });

  it('an engine that throws does not stop the ack, the other engines or the server', async () => {
    kp = await TestKolpulse.start();
    kp.kp.ingest.onCommit(() => {
      throw new Error('boom');
    });
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      expect((await kp.ingest([{ id: 'p', type: 'purchase', ts: T0, orderId: 'o', userId: 'u', amount: '5', currency: 'CNY', streamId: 'S' }])).accepted).toBe(1);
    } finally {
      console.error = original;
    }
    expect(errors.some((e) => e.includes('boom'))).toBe(true);
    expect(((await (await read('/api/streams/S/summary')).json()) as { gmv: number }).gmv).toBe(5);
  });

  it('200,000 joins of one user and events 25 years apart still get a summary and a series', async () => {
    kp = await TestKolpulse.start();
    const joins = Array.from({ length: 200_000 }, (_, i) => ({ id: `j${i}`, type: 'member_join', ts: T0 + i, streamId: 'S', userId: 'same' }));
    for (let i = 0; i < joins.length; i += 5000) await kp.ingest(joins.slice(i, i + 5000));
    await kp.ingest([{ id: 'old', type: 'like', ts: Date.UTC(2001, 0, 1), streamId: 'S', userId: 'u' }]);
    const summary = await read('/api/streams/S/summary');
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { views: number }).views).toBe(200_000);
    const series = (await (await read('/api/streams/S/series?step=60')).json()) as { t: number[] };
    expect(series.t[0]).toBe(Date.UTC(2001, 0, 1));
    expect(series.t.length).toBeLessThan(10);
  });

  it('empty from/to mean unset; a fee in another currency is refused with a reason', async () => {
    kp = await TestKolpulse.start();
    expect((await read('/api/compare?by=tier&from=&to=')).status).toBe(200);
    expect((await read('/api/attribution?model=linear&from=&to=&window=')).status).toBe(200);
    const ack = await kp.ingest([{ id: 's', type: 'stream_start', ts: T0, streamId: 'S', creatorId: 'c', creator: { fee: { amount: '1000', currency: 'USD' } } }]);
    expect(ack.rejected![0]!.error).toMatch(/creator\.fee\.currency: USD is not .* CNY/);
    const put = await kp.request('/api/creators/c', {
      method: 'PUT',
      headers: { authorization: `Bearer ${kp.defaultWorkspace.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fee: { amount: '1000', currency: 'USD' } }),
    });
    expect(put.status).toBe(400);
  });
});

describe('edges of the wire format', () => {
  it('an ISO time without an offset is UTC, not the server’s local time', () => {
    const p = parseEvent({ id: 'x', type: 'like', ts: '2026-11-11T20:00:00', streamId: 'S', userId: 'u' });
    expect(p.ok && p.event.ts).toBe(Date.UTC(2026, 10, 11, 20, 0, 0));
    const q = parseEvent({ id: 'x', type: 'like', ts: '2026-11-11T20:00:00+08:00', streamId: 'S', userId: 'u' });
    expect(q.ok && q.event.ts).toBe(Date.UTC(2026, 10, 11, 12, 0, 0));
  });

  it('CSV cells that a spreadsheet would run as a formula are defused, numbers are not', () => {
    expect(csvField('-1+HYPERLINK("http://x")')).toBe('\'-1+HYPERLINK(""http://x"")'.replace(/^'/, '"\'').concat('"'));
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField(-3)).toBe('-3');
  });
});
