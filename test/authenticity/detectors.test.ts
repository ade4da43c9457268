// Each detector on hand-made streams: a fraud case it must flag, and clean cases that look
// suspicious at first sight that it must leave alone.
import { afterEach, describe, expect, it } from 'vitest';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 2, 1, 20, 0, 0);
const MIN = 60_000;
type Ev = Record<string, unknown>;
let kp: TestKolpulse;
afterEach(async () => kp?.close());

let n = 0;
const id = () => `ev${++n}`;
const start = (s: string): Ev => ({ id: id(), type: 'stream_start', ts: T0, streamId: s, creatorId: `c-${s}` });

async function run(events: Ev[], stream: string) {
  kp = await TestKolpulse.start();
  for (let i = 0; i < events.length; i += 4000) await kp.ingest(events.slice(i, i + 4000));
  const h = { headers: { authorization: `Bearer ${kp.defaultWorkspace.readToken}` } };
  const summary = (await (await kp.request(`/api/streams/${stream}/summary`, h)).json()) as { authenticity: { score: number; flags: Array<{ signal: string; severity: string; from: number; to: number; evidence: Record<string, unknown> }>; suspectOrders: number; suspectGmv: number } };
  const suspects = (await (await kp.request(`/api/streams/${stream}/suspect-orders`, h)).json()) as Array<{ orderId: string; reasons: string[] }>;
  const series = (await (await kp.request(`/api/streams/${stream}/series?step=60`, h)).json()) as Record<string, number[]>;
  return { a: summary.authenticity, suspects, series };
}

/** A lively clean room: viewers, joins, chat, likes and clicks every minute. */
function cleanRoom(s: string, minutes: number, perMinute = 30, viewers = (m: number) => 600 + 10 * m): Ev[] {
  const ev: Ev[] = [start(s)];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < 4; k++) ev.push({ id: id(), type: 'viewer_count', ts: T0 + m * MIN + k * 15_000 + 3, streamId: s, current: viewers(m) + ((m * 7 + k * 13) % 17) });
    for (let j = 0; j < perMinute; j++) {
      const u = `v${m}-${j}`;
      const t = T0 + m * MIN + Math.floor((j * MIN) / perMinute);
      ev.push({ id: id(), type: 'member_join', ts: t, streamId: s, userId: u });
      if (j % 3 === 0) ev.push({ id: id(), type: 'comment', ts: t + 500, streamId: s, userId: u, text: `question ${m}-${j}: does it come in size ${j % 5}?` });
      if (j % 2 === 0) ev.push({ id: id(), type: 'like', ts: t + 700, streamId: s, userId: u });
    }
  }
  return ev;
}

describe('order_brushing', () => {
  it('flags buyers who order identical items again and again with no engagement', async () => {
    const ev = cleanRoom('B', 20);
    for (const b of ['b1', 'b2', 'b3']) {
      ev.push({ id: id(), type: 'member_join', ts: T0 + 5 * MIN, streamId: 'B', userId: b });
      for (let k = 0; k < 4; k++) {
        ev.push({ id: id(), type: 'purchase', ts: T0 + (6 + k * 3) * MIN + b.length, orderId: `${b}-o${k}`, userId: b, amount: '59.90', currency: 'CNY', streamId: 'B', productId: 'sku-9' });
      }
    }
    const { a, suspects, series } = await run(ev, 'B');
    expect(a.suspectOrders).toBe(12);
    expect(a.suspectGmv).toBeCloseTo(12 * 59.9, 6);
    const flag = a.flags.find((f) => f.signal === 'order_brushing')!;
    expect(flag.severity).toBe('high');
    expect(flag.from).toBe(T0 + 6 * MIN);
    expect(flag.to).toBe(T0 + 15 * MIN);
    expect(a.score).toBeLessThan(50);
    expect(suspects[0]!.reasons).toEqual(expect.arrayContaining(['repeated identical order', 'buyer placed 3 or more orders within an hour']));
    expect(series.order_brushing![6]).toBe(1);
  });

  it('leaves alone a real buyer who orders 3 times after chatting and clicking', async () => {
    const ev = cleanRoom('R', 20);
    ev.push({ id: id(), type: 'comment', ts: T0 + 2 * MIN, streamId: 'R', userId: 'fan', text: '这个颜色好看吗' });
    ev.push({ id: id(), type: 'product_click', ts: T0 + 3 * MIN, streamId: 'R', userId: 'fan', productId: 'sku-1' });
    for (let k = 0; k < 3; k++) {
      ev.push({ id: id(), type: 'purchase', ts: T0 + (4 + k * 5) * MIN, orderId: `fan-${k}`, userId: 'fan', amount: '99.00', currency: 'CNY', streamId: 'R', productId: `sku-${k}` });
    }
    const { a } = await run(ev, 'R');
    expect(a.suspectOrders).toBe(0);
    expect(a.flags.filter((f) => f.signal === 'order_brushing')).toEqual([]);
    expect(a.score).toBe(100);
  });
});

describe('comment_bots', () => {
  const templates = ['这款精华太好用了，大家快买！', 'This serum is amazing, everyone buy now!'];
  it('flags accounts posting near-duplicate texts on a regular clock', async () => {
    const ev = cleanRoom('C', 20);
    const decor = ['😍', '!!', '🔥🔥', '~', '👍'];
    for (let b = 0; b < 8; b++) {
      for (let k = 0; k < 10; k++) {
        const text = `${templates[(b + k) % 2]}${decor[(b * 3 + k) % 5]} ${k + b}`;
        ev.push({ id: id(), type: 'comment', ts: T0 + 5 * MIN + k * 30_000 + ((b * 7 + k * 3) % 5) * 200, streamId: 'C', userId: `acct${b}`, text, user: { accountAgeDays: 2, followers: 0, following: 1 } });
      }
    }
    const { a, series } = await run(ev, 'C');
    const flag = a.flags.find((f) => f.signal === 'comment_bots');
    expect(flag).toBeDefined();
    expect(flag!.evidence.botAccounts).toBe(8);
    expect(['medium', 'high']).toContain(flag!.severity);
    expect(flag!.from).toBe(T0 + 5 * MIN);
    expect(a.score).toBeLessThan(70);
    expect(Math.max(...series.comment_bots!)).toBeGreaterThan(0.3);
  });

  it('leaves alone a crowd typing “1” and “想要” when the host asks', async () => {
    const ev = cleanRoom('K', 20);
    for (let u = 0; u < 80; u++) {
      for (const k of [0, 1, 2, 3]) {
        ev.push({ id: id(), type: 'comment', ts: T0 + (6 + k * 3) * MIN + u * 500, streamId: 'K', userId: `fan${u}`, text: u % 2 ? '1' : k % 2 ? '想要！' : '扣1 想要' });
      }
    }
    const { a } = await run(ev, 'K');
    expect(a.flags.filter((f) => f.signal === 'comment_bots')).toEqual([]);
  });
});

describe('viewer_inflation', () => {
  it('flags a viewer jump that brings no joins or engagement', async () => {
    const ev = cleanRoom('V', 30, 30, (m) => (m >= 15 ? 3000 : 1000));
    const { a, series } = await run(ev, 'V');
    const flag = a.flags.find((f) => f.signal === 'viewer_inflation');
    expect(flag).toBeDefined();
    expect(flag!.severity).toBe('high');
    expect(flag!.from).toBe(T0 + 15 * MIN);
    expect(series.viewer_inflation![15]).toBeGreaterThan(0.5);
    expect(series.viewer_inflation![10]).toBe(0);
  });

  it('leaves alone a flash-sale surge whose joins and engagement rise with the viewers', async () => {
    const ev = cleanRoom('F', 15, 30, () => 1000);
    const surge = cleanRoom('F', 15, 90, () => 3000).slice(1).map((e) => ({ ...e, id: id(), ts: (e.ts as number) + 15 * MIN, userId: e.userId ? `s-${String(e.userId)}` : undefined }));
    const { a } = await run([...ev, ...surge], 'F');
    expect(a.flags.filter((f) => f.signal === 'viewer_inflation')).toEqual([]);
  });

  /** A room whose platform count equals the viewers present by joins and leaves, times `extra`. */
  function presenceRoom(s: string, minutes: number, joinsPerMinute: (m: number) => number, extra: (m: number) => number): Ev[] {
    const ev: Ev[] = [start(s)];
    const present: string[] = [];
    let u = 0;
    for (let m = 0; m < minutes; m++) {
      const joins = joinsPerMinute(m);
      for (let j = 0; j < joins; j++) {
        const t = T0 + m * MIN + Math.floor((j * MIN) / joins);
        const user = `p${u++}`;
        present.push(user);
        ev.push({ id: id(), type: 'member_join', ts: t, streamId: s, userId: user });
        if (j % 4 === 0) ev.push({ id: id(), type: 'like', ts: t + 300, streamId: s, userId: user });
      }
      // After a 5-minute ramp the oldest viewers leave, 30 or 50 a minute in turn: a real count moves.
      const leaving = m < 5 ? 0 : Math.min(present.length, Math.round(joins * (m % 2 ? 1.25 : 0.75)));
      for (let k = 0; k < leaving; k++) ev.push({ id: id(), type: 'member_leave', ts: T0 + m * MIN + 500 + k * 100, streamId: s, userId: present.shift()! });
      ev.push({ id: id(), type: 'viewer_count', ts: T0 + m * MIN + 59_000, streamId: s, current: Math.round(present.length * extra(m)) });
    }
    return ev;
  }

  it('with joins and leaves: flags a count that rises 60 % above the people present', async () => {
    const { a } = await run(presenceRoom('P', 30, () => 40, (m) => (m >= 12 ? 1.6 : 1)), 'P');
    const flag = a.flags.find((f) => f.signal === 'viewer_inflation');
    expect(flag).toBeDefined();
    expect(flag!.from).toBe(T0 + 12 * MIN);
    expect(flag!.to).toBe(T0 + 29 * MIN);
    // 1 − 1/1.6 = 37.5 % of the count unexplained: medium (high starts at 40 %).
    expect(flag!.severity).toBe('medium');
    expect(flag!.evidence.peakUnexplainedShare).toBeCloseTo(1 - 1 / 1.6, 2);
  });

  it('with joins and leaves: leaves alone a flash sale that brings its viewers in', async () => {
    const { a } = await run(presenceRoom('Q', 30, (m) => (m >= 12 && m < 20 ? 160 : 40), () => 1), 'Q');
    expect(a.flags.filter((f) => f.signal === 'viewer_inflation')).toEqual([]);
  });
});

