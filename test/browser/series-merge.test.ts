// The dashboard's merge of live updates (changed minutes only) into the columns it holds.
import { describe, expect, it } from 'vitest';
import { cloneSeries, mergeSeries, signalNames } from '../../client/series-merge.ts';
import type { SeriesColumns } from '../../client/types.ts';

const M = 60_000;
const cols = (o: Record<string, Array<number | null>> & { t: number[] }) => o as SeriesColumns;

describe('mergeSeries', () => {
  it('overwrites a known minute and appends a new one', () => {
    const base = cols({ t: [0, M], gmv: [1, 2], viewers: [10, null] });
    mergeSeries(base, cols({ t: [M, 2 * M], gmv: [5, 7], viewers: [12, 15] }));
    expect(base).toEqual({ t: [0, M, 2 * M], gmv: [1, 5, 7], viewers: [10, 12, 15] });
  });

  it('fills the minutes between the last bucket and a new one (counts 0, levels null)', () => {
    const base = cols({ t: [0], gmv: [1], viewers: [10] });
    mergeSeries(base, cols({ t: [3 * M], gmv: [4], viewers: [20] }));
    expect(base).toEqual({ t: [0, M, 2 * M, 3 * M], gmv: [1, 0, 0, 4], viewers: [10, null, null, 20] });
  });

  it('inserts a late minute in order, and adds a column that appears later', () => {
    const base = cols({ t: [0, 2 * M], gmv: [1, 3] });
    mergeSeries(base, cols({ t: [M], gmv: [2], comment_bots: [0.4] }));
    expect(base).toEqual({ t: [0, M, 2 * M], gmv: [1, 2, 3], comment_bots: [null, 0.4, null] });
  });

  it('copies deeply and tells signal columns from metrics', () => {
    const a = cols({ t: [0], gmv: [1], viewer_inflation: [0.2], order_brushing: [0] });
    const b = cloneSeries(a);
    b.gmv![0] = 9;
    expect(a.gmv).toEqual([1]);
    expect(signalNames(a)).toEqual(['order_brushing', 'viewer_inflation']);
  });
});
