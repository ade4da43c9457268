// Fractional credit per creator and what stays unattributed, in minor units as floats while
// crediting, rounded once at the end so that the parts add up exactly: creators' cents to the
// attributed cents by largest remainder (GMV and net GMV alike), orders likewise to the millionth.
import { apportion } from './apportion.js';
import type { CreatorLookup, Tier } from './creator-lookup.js';

export interface CreatorCredit {
  readonly creatorId: string;
  readonly name: string | null;
  readonly tier: Tier | null;
  /** Fractional orders credited, to the millionth. */
  readonly orders: number;
  /** Major units, exact to the cent. */
  readonly gmv: number;
  /** GMV credit less the refunds on the same orders, pro rata to the same credit; major units. */
  readonly netGmv: number;
  /** This creator's fraction of all attributed GMV credit (by orders credit when that GMV is 0). */
  readonly share: number;
}

export interface Unattributed {
  readonly orders: number;
  /** Major units. */
  readonly gmv: number;
  /** Addition to the contract: the unattributed GMV less its refunds, major units. */
  readonly netGmv: number;
}

interface Credit {
  orders: number;
  gmv: number;
  net: number;
}

const ORDER_UNITS = 1_000_000;

export class CreditLedger {
  readonly #credits = new Map<string, Credit>();
  /** Whole orders and integer minor units. */
  readonly #attributed: Credit = { orders: 0, gmv: 0, net: 0 };
  readonly #unattributed: Credit = { orders: 0, gmv: 0, net: 0 };

  /** Counts whole orders (and their minor units) as attributed; their credit follows via `credit`. */
  attributed(orders: number, gmv: number, net: number): void {
    add(this.#attributed, orders, gmv, net);
  }

  unattributed(orders: number, gmv: number, net: number): void {
    add(this.#unattributed, orders, gmv, net);
  }

  /** Fractional credit (orders, minor units) to one creator. */
  credit(creatorId: string, orders: number, gmv: number, net: number): void {
    let c = this.#credits.get(creatorId);
    if (!c) this.#credits.set(creatorId, (c = { orders: 0, gmv: 0, net: 0 }));
    add(c, orders, gmv, net);
  }

  /** Creators by GMV credit descending, then creatorId; only those with some credit. */
  creators(lookup: Pick<CreatorLookup, 'describe'>): CreatorCredit[] {
    const ids = [...this.#credits.keys()].filter((id) => {
      const c = this.#credits.get(id) as Credit;
      return c.orders > 0 || c.gmv > 0;
    }).sort();
    const credits = ids.map((id) => this.#credits.get(id) as Credit);
    const orders = apportion(credits.map((c) => c.orders * ORDER_UNITS), this.#attributed.orders * ORDER_UNITS);
    const gmv = apportion(credits.map((c) => c.gmv), this.#attributed.gmv);
    const net = keepNetWithinGross(apportion(credits.map((c) => c.net), this.#attributed.net), gmv);
    let gmvSum = 0;
    let orderSum = 0;
    for (const c of credits) {
      gmvSum += c.gmv;
      orderSum += c.orders;
    }
    const rows = ids.map((creatorId, i): CreatorCredit => {
      const c = credits[i] as Credit;
      const share = gmvSum > 0 ? c.gmv / gmvSum : orderSum > 0 ? c.orders / orderSum : 0;
      const { name, tier } = lookup.describe(creatorId);
      return {
        creatorId, name, tier,
        orders: (orders[i] as number) / ORDER_UNITS,
        gmv: (gmv[i] as number) / 100,
        netGmv: (net[i] as number) / 100,
        share: Math.round(share * 1e6) / 1e6,
      };
    });
    return rows.sort((a, b) => b.gmv - a.gmv || (a.creatorId < b.creatorId ? -1 : a.creatorId > b.creatorId ? 1 : 0));
  }

  unattributedTotals(): Unattributed {
    const u = this.#unattributed;
    return { orders: u.orders, gmv: u.gmv / 100, netGmv: u.net / 100 };
  }
}

function add(c: Credit, orders: number, gmv: number, net: number): void {
  c.orders += orders;
  c.gmv += gmv;
  c.net += net;
}

/**
 * Rounded separately, a creator's net cents can come out one above its gross cents. Such a cent
 * moves to the creator with the most room (gross − net), so the total stays exact and no net
 * exceeds its gross (the attributed net total never exceeds the gross total).
 */
function keepNetWithinGross(net: number[], gross: readonly number[]): number[] {
  for (let i = 0; i < net.length; i++) {
    while ((net[i] as number) > (gross[i] as number)) {
      let best = -1;
      for (let j = 0; j < net.length; j++) {
        if (j !== i && (gross[j] as number) - (net[j] as number) > (best < 0 ? 0 : (gross[best] as number) - (net[best] as number))) best = j;
      }
      if (best < 0) break;
      net[i] = (net[i] as number) - 1;
      net[best] = (net[best] as number) + 1;
    }
  }
  return net;
}

