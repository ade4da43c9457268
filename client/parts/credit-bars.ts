// A horizontal bar chart in plain HTML: one bar per row, as long as its share of the largest.
import { h } from '../dom.ts';
import { t } from '../i18n.ts';

export interface BarRow { label: string; value: number; text: string; tier?: string | null }

export function creditBars(rows: BarRow[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, t('attr.noCredit'));
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  return h('div', { class: 'bars', 'data-testid': 'bars' }, rows.map((r) => h('div', { class: 'bar-row' },
    h('div', { class: 'bar-label', title: r.label }, r.label),
    h('div', { class: 'bar-track' },
      h('div', { class: `bar-fill${r.tier ? ` bar-${r.tier}` : ''}`, style: `width:${Math.max(0.5, (100 * Math.max(0, r.value)) / max).toFixed(2)}%` })),
    h('div', { class: 'bar-value' }, r.text))));
}
