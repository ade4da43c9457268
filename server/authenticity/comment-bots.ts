// comment_bots: chat from coordinated accounts. Real crowds ask the same questions too, so
// near-duplicates alone prove nothing. An account is a candidate when it posts on a regular
// clock (coefficient of variation of its gaps under 0.35 over 4+ comments) and repeats itself
// (half its comments in near-duplicate clusters it posts in more than once) or is new and empty;
// candidates are bots when 3 or more of them share clusters: a coordinated group. The
// per-minute signal is the share of that minute's comments from bots.
import { toArray } from '../compact/time-list.js';
import { bagValues } from '../compact/group-bag.js';
import { isEmptyAccount, type AccountAttrs, type StreamEvidence } from './stream-evidence.js';
import { MINUTE } from '../metrics/stats.js';


export interface AccountVerdict {
  userId: string;
  comments: number;
  duplicateShare: number;
  gapCv: number | null;
  emptyAccount: boolean | null;
}

export interface ChatVerdict {
  bots: Map<string, AccountVerdict>;
  /** minute → [comments, comments by bots] */
  perMinute: Map<number, [number, number]>;
  totalComments: number;
  topAccountsShare: number;
  /** Largest clusters as [example text, accounts, comments]. */
  clusters: Array<[string, number, number]>;
}

export function gapCv(times: readonly number[]): number | null {
  if (times.length < 4) return null;
  const sorted = [...times].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i]! - sorted[i - 1]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  if (mean === 0) return 0;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
  return Math.sqrt(variance) / mean;
}

/** A user who commented: their comment times, ascending, and the groups of those that have one. */
interface Commenter { userId: string; attrs: AccountAttrs | null; times: number[]; groups: number[] }

/** Each user who commented, with their comments decoded once for the passes below. */
function commenters(ev: StreamEvidence): Commenter[] {
  const out: Commenter[] = [];
  for (const [userId, u] of ev.users) {
    if (u.commentTs === null) continue;
    out.push({ userId, attrs: u.attrs, times: toArray(u.commentTs), groups: u.commentGroups === null ? [] : bagValues(u.commentGroups) });
  }
  return out;
}

export function judgeChat(ev: StreamEvidence): ChatVerdict {
  const clusterAccounts = new Map<number, Set<string>>();
  const clusterComments = new Map<number, number>();
  const counts: number[] = [];
  let total = 0;
  const users = commenters(ev);
  for (const { userId, times, groups } of users) {
    counts.push(times.length);
    total += times.length;
    for (const group of groups) {
      const root = ev.chat.find(group);
      let set = clusterAccounts.get(root);
      if (!set) clusterAccounts.set(root, (set = new Set()));
      set.add(userId);
      clusterComments.set(root, (clusterComments.get(root) ?? 0) + 1);
    }
  }
  const candidates = new Map<string, AccountVerdict & { clusters: Set<number> }>();
  for (const { userId, attrs, times, groups } of users) {
    const n = times.length;
    if (n < 4) continue;
    const cv = gapCv(times);
    if (cv === null || cv >= 0.35) continue;
    const own = new Map<number, number>();
    for (const group of groups) own.set(ev.chat.find(group), (own.get(ev.chat.find(group)) ?? 0) + 1);
    let repeated = 0;
    for (const k of own.values()) if (k >= 2) repeated += k;
    const dup = groups.filter((group) => clusterAccounts.get(ev.chat.find(group))!.size >= 3).length;
    const empty = isEmptyAccount(attrs);
    if (repeated / n < 0.5 && empty !== true) continue;
    candidates.set(userId, { userId, comments: n, duplicateShare: dup / n, gapCv: cv, emptyAccount: empty, clusters: new Set(own.keys()) });
  }
  // Coordination: candidates joined by the clusters they share; groups of 3 or more are bots.
  const byCluster = new Map<number, string[]>();
  for (const c of candidates.values()) for (const k of c.clusters) byCluster.set(k, [...(byCluster.get(k) ?? []), c.userId]);
  const parent = new Map<string, string>([...candidates.keys()].map((k) => [k, k]));
  const find = (x: string): string => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const members of byCluster.values()) for (const m of members.slice(1)) parent.set(find(m), find(members[0]!));
  const groupSize = new Map<string, number>();
  for (const id of candidates.keys()) groupSize.set(find(id), (groupSize.get(find(id)) ?? 0) + 1);
  const bots = new Map<string, AccountVerdict>();
  for (const [id, c] of candidates) {
    if ((groupSize.get(find(id)) ?? 0) < 3) continue;
    const { clusters: _clusters, ...verdict } = c;
    bots.set(id, verdict);
  }
  const perMinute = new Map<number, [number, number]>();
  for (const { userId, times } of users) {
    const bot = bots.has(userId);
    for (const ts of times) {
      const m = Math.floor(ts / MINUTE);
      let cell = perMinute.get(m);
      if (!cell) perMinute.set(m, (cell = [0, 0]));
      cell[0]++;
      if (bot) cell[1]++;
    }
  }
  counts.sort((a, b) => b - a);
  const top = counts.slice(0, Math.max(5, Math.ceil(counts.length * 0.01))).reduce((a, b) => a + b, 0);
  // A cluster's example is the smallest text of its groups, so that it, and the order of clusters
  // of one size, do not depend on the order the comments arrived in.
  const example = new Map<number, string>();
  ev.groupText.forEach((text, g) => {
    const root = ev.chat.find(g);
    const seen = example.get(root);
    if (seen === undefined || text < seen) example.set(root, text);
  });
  const clusters = [...clusterAccounts.entries()]
    .filter(([, accts]) => accts.size >= 3)
    .map(([root, accts]): [string, number, number] => [example.get(root) ?? '', accts.size, clusterComments.get(root) ?? 0])
    .sort((a, b) => b[1] - a[1] || b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 3);
  return { bots, perMinute, totalComments: total, topAccountsShare: total === 0 ? 0 : top / total, clusters };
}
