// data_driven (CONTRACT §5): the converting paths of the purchases in [from, to) and the
// non-converting paths of every user build one Markov chain; each creator then gets
// total × RE(c) / ΣRE of the orders, GMV and net GMV of the purchases that have a path.
// Tracking codes (ref) play no part here. Purchases without any touchpoint stay unattributed,
// and so does everything when ΣRE = 0 (no path ever converts): there is nothing to split by.
import type { ResolvedQuery } from './attribution-query.js';
import type { CreditLedger } from './credit-ledger.js';
import { MarkovChain } from './markov.js';
import type { PathFinder } from './paths.js';
import type { TouchIndex } from './touch-index.js';

export function creditDataDriven(index: TouchIndex, q: ResolvedQuery, paths: PathFinder, ledger: CreditLedger): void {
  const chain = new MarkovChain();
  let orders = 0;
  let gmv = 0;
  let net = 0;
  for (const p of index.purchasesIn(q.from, q.to)) {
    const amountNet = p.amount - index.refunded(p);
    const path = paths.purchasePath(p, q.window);
    if (path.length === 0) {
      ledger.unattributed(1, p.amount, amountNet);
      continue;
    }
    chain.addPath(path.map((t) => t.creatorId), true);
    orders++;
    gmv += p.amount;
    net += amountNet;
  }
  for (let u = 0; u < index.userCount; u++) {
    const path = paths.idlePath(index.user(u), q.from, q.to, q.window);
    if (path.length > 0) chain.addPath(path.map((t) => t.creatorId), false);
  }
  const { effects } = chain.removalEffects();
  let sum = 0;
  for (const re of effects.values()) sum += re;
  if (orders === 0 || !(sum > 0)) {
    ledger.unattributed(orders, gmv, net);
    return;
  }
  ledger.attributed(orders, gmv, net);
  for (const [creatorId, re] of effects) {
    if (re > 0) ledger.credit(creatorId, (orders * re) / sum, (gmv * re) / sum, (net * re) / sum);
  }
}
