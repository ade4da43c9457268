// The KPI strip of a stream: money with and without suspect orders, orders, buyers, rates,
// viewers now and at peak, and the authenticity score. Updated in place on live updates.
import { h, setText } from '../dom.ts';
import { money, moneyTile, num, pct } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { StreamSummary } from '../types.ts';
import { authLevel } from './auth-badge.ts';

interface Tile { key: string; label: MessageKey; endedLabel?: MessageKey; value: (s: StreamSummary) => string; sub?: (s: StreamSummary) => string }

const TILES: Tile[] = [
  { key: 'gmv', label: 'kpi.gmv', value: (s) => moneyTile(s.gmv, s.currency) },
  { key: 'gmvClean', label: 'kpi.gmvClean', value: (s) => moneyTile(s.gmv - s.authenticity.suspectGmv, s.currency),
    sub: (s) => t('kpi.suspectOrders', { n: num(s.authenticity.suspectOrders) }) },
  { key: 'netGmv', label: 'kpi.netGmv', value: (s) => moneyTile(s.netGmv, s.currency), sub: (s) => t('kpi.refunds', { v: money(s.refunds, s.currency) }) },
  { key: 'orders', label: 'kpi.orders', value: (s) => num(s.orders), sub: (s) => t('kpi.aov', { v: money(s.aov, s.currency) }) },
  { key: 'buyers', label: 'kpi.buyers', value: (s) => num(s.buyers) },
  { key: 'conversion', label: 'kpi.conversion', value: (s) => pct(s.conversionRate, 2), sub: (s) => t('kpi.uniqueViewers', { n: num(s.uniqueViewers) }) },
  { key: 'gpm', label: 'kpi.gpm', value: (s) => moneyTile(s.gpm, s.currency) },
  { key: 'viewers', label: 'kpi.viewersNow', endedLabel: 'kpi.viewersEnd', value: (s) => num(s.viewersNow), sub: (s) => t('kpi.peak', { n: num(s.peakViewers) }) },
  { key: 'authenticity', label: 'kpi.authenticity', value: (s) => `${Math.round(s.authenticity.score)}`, sub: (s) => t(`auth.level.${authLevel(s.authenticity.score)}`) },
];

export interface KpiStrip { el: HTMLElement; update(s: StreamSummary): void }

export function kpiStrip(initial: StreamSummary): KpiStrip {
  const cells = TILES.map((tile) => {
    const label = h('div', { class: 'kpi-label' }, t(tile.label));
    const value = h('div', { class: 'kpi-value', 'data-kpi': tile.key });
    const sub = h('div', { class: 'kpi-sub' });
    const el = h('div', { class: `kpi kpi-${tile.key}` }, label, value, sub);
    return { tile, el, label, value, sub };
  });
  const el = h('section', { class: 'kpi-strip', 'aria-label': t('kpi.title') }, cells.map((c) => c.el));
  const update = (s: StreamSummary) => {
    for (const c of cells) {
      setText(c.label, t(!s.live && c.tile.endedLabel ? c.tile.endedLabel : c.tile.label));
      setText(c.value, c.tile.value(s));
      setText(c.sub, c.tile.sub?.(s) ?? '');
      if (c.tile.key === 'authenticity') c.el.dataset.level = authLevel(s.authenticity.score);
    }
  };
  update(initial);
  return { el, update };
}
