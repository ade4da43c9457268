// An attribution request (CONTRACT §5) with its defaults: which model, which purchases
// ([from, to), ms), how far back touchpoints count (window) and the time-decay half-life.

export const MODELS = ['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based', 'data_driven'] as const;
export type AttributionModel = (typeof MODELS)[number];

export const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_MS = 7 * DAY_MS;
export const DEFAULT_HALF_LIFE_MS = 7 * DAY_MS;

export interface AttributionQuery {
  readonly model: AttributionModel;
  readonly from: number;
  readonly to: number;
  /** ms; default 7 days. */
  readonly window?: number;
  /** ms; default 7 days. */
  readonly halfLife?: number;
}

export type ResolvedQuery = Required<AttributionQuery>;

const modelSet = new Set<string>(MODELS);

/** Applies the defaults; throws a RangeError naming the field when a value makes no sense. */
export function resolveQuery(q: AttributionQuery): ResolvedQuery {
  const window = q.window ?? DEFAULT_WINDOW_MS;
  const halfLife = q.halfLife ?? DEFAULT_HALF_LIFE_MS;
  if (!modelSet.has(q.model)) throw new RangeError(`model: must be one of ${MODELS.join(', ')}`);
  if (!Number.isFinite(q.from)) throw new RangeError('from: must be a finite number (ms)');
  if (!Number.isFinite(q.to)) throw new RangeError('to: must be a finite number (ms)');
  if (!Number.isFinite(window) || window < 0) throw new RangeError('window: must be a finite number ≥ 0 (ms)');
  if (!Number.isFinite(halfLife) || halfLife <= 0) throw new RangeError('halfLife: must be a finite number > 0 (ms)');
  return { model: q.model, from: q.from, to: q.to, window, halfLife };
}
