// Seeded simulation of one live stream: `createStreamSim` steps minute by minute so a demo can
// emit events at live speed; `simulateStream` runs it to the end. Same options → same events.
import { formatMajor } from '../money.js';
import { injectBrushedOrders } from './fraud-orders.js';
import { injectCommentBots } from './fraud-comments.js';
import { injectBoughtViewers } from './fraud-viewers.js';
import { seedTag, type Rng } from './random.js';
import { Room } from './room.js';
import type { SimEvent, SimResult, SimTruth, StreamOptions } from './sim-types.js';
import { FLASH_BOOST, FLASH_PRESENT_BUY, nearFlash } from './stream-plan.js';
import { silentBuyer, visit } from './viewer-agent.js';
import { ViewerCounter } from './viewer-count.js';

export type { FraudOptions, FraudWindow, SimEvent, SimResult, SimTruth, StreamOptions } from './sim-types.js';

export interface StreamSim {
  readonly streamId: string;
  readonly startTs: number;
  /** When `stream_end` is sent; refunds may follow days later. */
  readonly endTs: number;
  /** Known from the start: the fraud is planned before the stream begins. */
  readonly truth: SimTruth;
  /** Events with `ts` ≤ `ts` not returned before, sorted by time. */
  eventsUntil(ts: number): SimEvent[];
  /** Time of the next event not yet returned; Infinity when all are out. */
  nextTs(): number;
  /** All events not returned yet. */
  rest(): SimEvent[];
  readonly done: boolean;
}

const MIN = 60_000;

export function createStreamSim(options: StreamOptions): StreamSim {
  return new Simulation(options);
}

export function simulateStream(options: StreamOptions): SimResult {
  const sim = createStreamSim(options);
  return { events: sim.rest(), truth: sim.truth };
}

class Simulation implements StreamSim {
  readonly #room: Room;
  readonly #counter: ViewerCounter;
  readonly #arrivalsRng: Rng;
  readonly #agentsRng: Rng;
  readonly #idPrefix: string;
  #minute = 0;
  #emitted = 0;

  constructor(options: StreamOptions) {
    const room = new Room(options);
    this.#room = room;
    this.#counter = new ViewerCounter(room, room.rng.fork('viewer-count'));
    this.#arrivalsRng = room.rng.fork('arrivals');
    this.#agentsRng = room.rng.fork('agents');
    const tag = seedTag(options.seed, options.streamId);
    this.#idPrefix = options.streamId.length <= 120 ? `${options.streamId}.${tag}.` : `${tag}.`;

    const c = options.creator;
    room.emit({
      type: 'stream_start', ts: room.startTs, streamId: room.streamId, creatorId: options.creatorId, platform: room.resolved.platform,
      title: room.resolved.title, creator: { name: c.name, tier: c.tier, followers: c.followers, fee: { amount: c.fee, currency: 'CNY' } },
    });
    for (const pin of room.plan.pins) {
      const product = options.products[pin.productIndex]!;
      room.emit({ type: 'product_pin', ts: pin.ts, streamId: room.streamId, productId: product.id, title: product.title, price: formatMajor(pin.priceMinor) });
    }
    room.emit({ type: 'stream_end', ts: room.endTs, streamId: room.streamId });
    const f = options.fraud ?? {};
    if (f.boughtViewers) injectBoughtViewers(room, this.#counter, f.boughtViewers, room.rng.fork('fraud-viewers'));
    if (f.commentBots) injectCommentBots(room, f.commentBots, room.rng.fork('fraud-comments'));
    if (f.brushedOrders) injectBrushedOrders(room, f.brushedOrders, room.rng.fork('fraud-orders'));
  }

  get streamId(): string {
    return this.#room.streamId;
  }

  get startTs(): number {
    return this.#room.startTs;
  }

  get endTs(): number {
    return this.#room.endTs;
  }

  get truth(): SimTruth {
    return this.#room.truth;
  }

  get done(): boolean {
    return this.#minute >= this.#room.plan.durationMin && this.#room.queue.size === 0;
  }

  eventsUntil(ts: number): SimEvent[] {
    while (this.#minute < this.#room.plan.durationMin && this.#room.startTs + this.#minute * MIN <= ts) this.#step();
    const out: SimEvent[] = [];
    const queue = this.#room.queue;
    while (queue.size > 0 && queue.peekTs() <= ts) {
      const event = queue.pop() as SimEvent;
      event.id = this.#idPrefix + (this.#emitted++).toString(36);
      out.push(event);
    }
    return out;
  }

  nextTs(): number {
    const queue = this.#room.queue;
    while (this.#minute < this.#room.plan.durationMin && queue.peekTs() >= this.#room.startTs + this.#minute * MIN) this.#step();
    return queue.peekTs();
  }

  rest(): SimEvent[] {
    return this.eventsUntil(Infinity);
  }

  /** Arrivals of one minute (each visit planned whole), silent buyers, then that minute's counts. */
  #step(): void {
    const room = this.#room;
    const m = this.#minute++;
    const t0 = room.startTs + m * MIN;
    const rng = this.#arrivalsRng;
    const q = room.resolved.conversionRate;
    const rate = room.resolved.sampleRate;
    const total = rng.poisson(room.plan.arrivals[m]!);
    const sampled = rng.binomial(total, rate);
    const unsampled = total - sampled;
    for (let i = 0; i < sampled; i++) {
      const arrival = t0 + rng.uniform(0, MIN);
      visit(room, this.#agentsRng, arrival, q * (nearFlash(room.plan, arrival) ? FLASH_BOOST : 1));
    }
    this.#counter.addUnsampled(m, unsampled);
    if (unsampled > 0) {
      const buyers = rng.binomial(unsampled, q * (nearFlash(room.plan, t0 + MIN / 2) ? FLASH_BOOST : 1));
      for (let i = 0; i < buyers; i++) silentBuyer(room, this.#agentsRng, t0 + rng.uniform(0, MIN));
      for (const f of room.plan.flashSales) {
        if (f.startTs < t0 || f.startTs >= t0 + MIN) continue;
        const extra = rng.poisson(this.#counter.unsampledAt(f.startTs) * q * FLASH_PRESENT_BUY);
        for (let i = 0; i < extra; i++) silentBuyer(room, this.#agentsRng, f.startTs, { ts: f.startTs, productIndex: f.productIndex, flash: true });
      }
    }
    this.#counter.ticksUntil(t0 + MIN);
  }
}
