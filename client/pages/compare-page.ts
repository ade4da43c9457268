// KOL against KOC: both tiers side by side over a time range (streams, audience, conversion,
// money, fees and return on fees where fees are known, median authenticity).
import { api } from '../api.ts';
import { workspaceCurrency } from '../currency.ts';
import { h, replace } from '../dom.ts';
import { money, num, pct } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Page } from '../page.ts';
import { remember } from '../router.ts';
import type { CompareResult, TierRow } from '../types.ts';
import { rangeFromQuery, rangePicker, rangeToQuery } from '../parts/range-picker.ts';

interface Metric { key: keyof TierRow; label: MessageKey; show(r: TierRow, currency: string): string; better?: 'high' }

const METRICS: Metric[] = [
  { key: 'streams', label: 'cmp.streams', show: (r) => num(r.streams) },
  { key: 'creators', label: 'cmp.creators', show: (r) => num(r.creators) },
  { key: 'uniqueViewers', label: 'kpi.uniqueViewersLabel', show: (r) => num(r.uniqueViewers), better: 'high' },
  { key: 'buyers', label: 'kpi.buyers', show: (r) => num(r.buyers), better: 'high' },
  { key: 'conversionRate', label: 'kpi.conversion', show: (r) => pct(r.conversionRate, 2), better: 'high' },
  { key: 'gmv', label: 'kpi.gmv', show: (r, c) => money(r.gmv, c), better: 'high' },
  { key: 'netGmv', label: 'kpi.netGmv', show: (r, c) => money(r.netGmv, c), better: 'high' },
  { key: 'uvValue', label: 'cmp.uvValue', show: (r, c) => money(r.uvValue, c), better: 'high' },
  { key: 'gpm', label: 'kpi.gpm', show: (r, c) => money(r.gpm, c), better: 'high' },
  { key: 'fee', label: 'cmp.fee', show: (r, c) => (r.fee === null ? t('cmp.noFee') : money(r.fee, c)) },
  { key: 'roi', label: 'cmp.roi', show: (r) => (r.roi === null ? t('cmp.noFee') : `${num(r.roi, 2)}×`), better: 'high' },
  { key: 'medianAuthenticity', label: 'cmp.authenticity', show: (r) => num(r.medianAuthenticity, 1), better: 'high' },
];

export function comparePage(query: URLSearchParams): Page {
  let range = rangeFromQuery(query, 'all');
  let seq = 0;
  const result = h('div', { class: 'compare-result', 'data-testid': 'compare-result' }, h('p', { class: 'muted' }, t('common.loading')));
  const el = h('div', { class: 'page compare-page' },
    h('div', { class: 'page-head' }, h('h1', {}, t('cmp.title'))),
    h('form', { class: 'controls card', onsubmit: (e: Event) => e.preventDefault() }, rangePicker(range, (r) => {
      range = r;
      const q = new URLSearchParams();
      rangeToQuery(r, q);
      remember({ name: 'compare', query: q });
      void load();
    })),
    result);

  async function load(): Promise<void> {
    const mine = ++seq;
    try {
      const [r, currency] = await Promise.all([api.compare(range.from, range.to), workspaceCurrency()]);
      if (mine === seq) render(r, currency);
    } catch (err) {
      if (mine === seq) replace(result, h('p', { class: 'form-error' }, t('common.error', { message: String((err as Error).message) })));
    }
  }

  function render(r: CompareResult, currency: string): void {
    const kol = r.KOL ?? r.tiers.find((x) => x.tier === 'KOL');
    const koc = r.KOC ?? r.tiers.find((x) => x.tier === 'KOC');
    if (!kol || !koc) {
      replace(result, h('p', { class: 'empty' }, t('cmp.empty')));
      return;
    }
    const head = (row: TierRow) => h('div', { class: `tier-card tier-card-${row.tier}` },
      h('div', { class: 'tier-card-top' }, h('span', { class: `tier tier-${row.tier}` }, row.tier), h('span', { class: 'muted' }, t(`cmp.${row.tier}` as MessageKey))),
      h('div', { class: 'tier-card-value', 'data-tier-gmv': row.tier }, money(row.netGmv, currency)),
      h('div', { class: 'muted small' }, t('kpi.netGmv')),
      h('div', { class: 'tier-card-roi' }, row.roi === null ? t('cmp.roiUnknown') : t('cmp.roiIs', { v: `${num(row.roi, 2)}×` })));
    const rows = METRICS.map((m) => {
      const a = kol[m.key] as number | null;
      const b = koc[m.key] as number | null;
      const lead = m.better && a !== null && b !== null && a !== b ? (a > b ? 'KOL' : 'KOC') : null;
      const max = Math.max(Math.abs(a ?? 0), Math.abs(b ?? 0)) || 1;
      const bar = (v: number | null, tier: string) => h('div', { class: 'mini-track' },
        h('div', { class: `mini-fill bar-${tier}`, style: `width:${((100 * Math.max(0, v ?? 0)) / max).toFixed(1)}%` }));
      return h('tr', { 'data-metric': m.key },
        h('th', { scope: 'row' }, t(m.label)),
        h('td', { class: `num${lead === 'KOL' ? ' lead' : ''}` }, m.show(kol, currency), bar(a, 'KOL')),
        h('td', { class: `num${lead === 'KOC' ? ' lead' : ''}` }, m.show(koc, currency), bar(b, 'KOC')));
    });
    replace(result,
      h('div', { class: 'tier-cards' }, head(kol), head(koc)),
      h('section', { class: 'card' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table compare-table', 'data-testid': 'compare-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('cmp.metric')), h('th', { class: 'num' }, 'KOL'), h('th', { class: 'num' }, 'KOC'))),
        h('tbody', {}, rows)))),
      h('p', { class: 'muted small' }, t('cmp.note')));
  }

  void load();
  return { el, dispose() { seq++; } };
}
