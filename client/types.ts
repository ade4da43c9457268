// The JSON shapes the dashboard reads: the server's own types (type-only imports, erased in the
// build), so a change on one side is a compile error on the other.
import type { AttributionResult as EngineResult } from '../server/attribution/models.js';
import type { TierRow } from '../server/metrics/compare.js';
import type { StreamReport as ServerReport, StreamSummary } from '../server/stream-view.js';

export type { Tier } from '../server/metrics/creator-registry.js';
export type { Authenticity, Flag, SuspectOrder } from '../server/authenticity/types.js';
export type { StreamHeader, SeriesColumns } from '../server/metrics/summary.js';
export type { ChatLine as ChatComment } from '../server/metrics/chat-sample.js';
export type { CreatorCredit } from '../server/attribution/credit-ledger.js';
export type { ProductRow, StreamSummary } from '../server/stream-view.js';
export type { TierRow };

export type Pin = ServerReport['pins'][number];
export type ModelCredit = ServerReport['attribution']['models'][number];
export type StreamReport = ServerReport & { definitions?: Record<string, string> };
export type AttributionResult = EngineResult & { currency?: string };

export interface CompareResult { by: 'tier'; from: number; to: number; currency?: string; tiers: TierRow[]; KOL?: TierRow; KOC?: TierRow }

/** Messages of WebSocket /live. */
export type LiveMessage =
  | { type: 'snapshot'; streamId: string; summary: StreamSummary | null; series: import('../server/metrics/summary.js').SeriesColumns | null }
  | { type: 'update'; streamId: string; summary: StreamSummary | null; series: import('../server/metrics/summary.js').SeriesColumns | null }
  | { type: 'streams'; streams: Array<StreamSummary | null> };
