// Several ResendingClients sending their frames at once, as fast as their windows allow, and
// keeping count of what the server has acknowledged (and so promised to keep).
import { ResendingClient, type ClientStats } from '../../ingest/resending-client.js';
import type { SimEvent } from '../../ingest/simulator/stream-sim.js';

export interface FleetOutcome { accepted: number; duplicates: number; rejected: string[]; stats: ClientStats[] }

export class ClientFleet {
  /** Ids of the events in acknowledged frames: durable, by the contract. */
  readonly acked = new Set<string>();
  ackedFrames = 0;
  readonly totalFrames: number;
  readonly done: Promise<FleetOutcome>;
  /** True once `done` has settled. */
  finished = false;
  readonly #clients: ResendingClient[];

  constructor(url: string, token: string, frames: readonly SimEvent[][][], maxInFlight = 8) {
    this.totalFrames = frames.reduce((n, f) => n + f.length, 0);
    this.#clients = frames.map(() => new ResendingClient({
      url, token, maxInFlight, minBackoffMs: 50, maxBackoffMs: 1000,
      // A restart (tsx load + replay of every stored event) takes seconds: keep trying.
      maxConnectFailures: 10_000,
    }));
    const outcome: FleetOutcome = { accepted: 0, duplicates: 0, rejected: [], stats: [] };
    this.done = Promise.all(this.#clients.map(async (client, i) => {
      const sends: Array<Promise<void>> = [];
      for (const frame of frames[i]!) {
        await client.ready();
        sends.push(client.send(frame).then((ack) => {
          for (const e of frame) this.acked.add(e.id);
          this.ackedFrames++;
          outcome.accepted += ack.accepted;
          outcome.duplicates += ack.duplicates;
          for (const r of ack.rejected) outcome.rejected.push(`${r.id}: ${r.error}`);
        }));
      }
      await Promise.all(sends);
      await client.drain();
    })).then(() => {
      this.finished = true;
      return { ...outcome, stats: this.stats };
    }, (err: Error) => {
      this.finished = true;
      this.close();
      throw err;
    });
  }

  /** Resolves once this share of all frames, and at least `atLeast` frames, are acknowledged, or the fleet is done. */
  async untilAcked(share: number, atLeast = 0): Promise<void> {
    while (!this.finished && (this.ackedFrames < share * this.totalFrames || this.ackedFrames < atLeast)) await new Promise((r) => setTimeout(r, 5));
  }

  get stats(): ClientStats[] {
    return this.#clients.map((c) => c.stats);
  }

  /** Frames sent or waiting, not yet acknowledged, over all clients. */
  get pending(): number {
    return this.stats.reduce((n, s) => n + s.pending, 0);
  }

  close(): void {
    for (const c of this.#clients) c.close();
  }
}
