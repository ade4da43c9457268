// The attribution engine (CONTRACT §5): credits every purchase with ts in [from, to) to creators
// under one model, from a touch index and a creator lookup. Pure: the same index and query give
// the same answer, whatever order the events were folded in.
import { resolveQuery, type AttributionModel, type AttributionQuery } from './attribution-query.js';
import { CreditLedger, type CreatorCredit, type Unattributed } from './credit-ledger.js';
import type { CreatorLookup } from './creator-lookup.js';
import { creditDataDriven } from './data-driven.js';
import { PathFinder } from './paths.js';
import { ruleWeights, type RuleModel } from './rule-models.js';
import type { Purchase, TouchIndex } from './touch-index.js';

export interface AttributionResult {
  readonly model: AttributionModel;
  readonly from: number;
  readonly to: number;
  readonly window: number;
  /** Addition to the contract: the half-life used by time_decay (ms). */
  readonly halfLife: number;
  readonly creators: CreatorCredit[];
  readonly unattributed: Unattributed;
}

export function attribute(index: TouchIndex, query: AttributionQuery, creators: CreatorLookup): AttributionResult {
  const q = resolveQuery(query);
  const ledger = new CreditLedger();
  const paths = new PathFinder(index, (s) => creators.creatorOfStream(s));
  if (q.model === 'data_driven') {
    creditDataDriven(index, q, paths, ledger);
  } else {
    const byCode = new Map<string, string | undefined>();
    const codeOwner = (ref: string): string | undefined => {
      if (!byCode.has(ref)) byCode.set(ref, creators.creatorByCode(ref));
      return byCode.get(ref);
    };
    for (const p of index.purchasesIn(q.from, q.to)) {
      const net = p.amount - index.refunded(p);
      const owner = p.ref === null ? undefined : codeOwner(p.ref);
      if (owner !== undefined) {
        whole(ledger, owner, p.amount, net);
      } else if (q.model === 'direct') {
        const c = p.streamId === null ? undefined : creators.creatorOfStream(p.streamId);
        if (c === undefined) ledger.unattributed(1, p.amount, net);
        else whole(ledger, c, p.amount, net);
      } else {
        creditPath(ledger, paths, p, net, q.model, q.window, q.halfLife);
      }
    }
  }
  return {
    model: q.model, from: q.from, to: q.to, window: q.window, halfLife: q.halfLife,
    creators: ledger.creators(creators),
    unattributed: ledger.unattributedTotals(),
  };
}

function whole(ledger: CreditLedger, creatorId: string, amount: number, net: number): void {
  ledger.attributed(1, amount, net);
  ledger.credit(creatorId, 1, amount, net);
}

function creditPath(ledger: CreditLedger, paths: PathFinder, p: Purchase, net: number, model: RuleModel, window: number, halfLife: number): void {
  const path = paths.purchasePath(p, window);
  if (path.length === 0) {
    ledger.unattributed(1, p.amount, net);
    return;
  }
  const weights = ruleWeights(model, path.map((t) => t.time), halfLife);
  ledger.attributed(1, p.amount, net);
  path.forEach((t, i) => {
    const w = weights[i] as number;
    if (w > 0) ledger.credit(t.creatorId, w, w * p.amount, w * net);
  });
}
