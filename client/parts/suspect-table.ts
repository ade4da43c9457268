// The orders the detectors hold to be fake (GET /api/streams/:id/suspect-orders): the first
// few, and all of them on demand.
import { api } from '../api.ts';
import { h, replace } from '../dom.ts';
import { money } from '../format.ts';
import { t } from '../i18n.ts';
import type { SuspectOrder } from '../types.ts';

const FIRST = 8;

export function suspectTable(streamId: string, currency: string): { el: HTMLElement; load(count: number): void } {
  const el = h('div', { class: 'suspects' });
  let showAll = false;
  let rows: SuspectOrder[] = [];

  const render = () => {
    const shown = showAll ? rows : rows.slice(0, FIRST);
    const more = rows.length > FIRST
      ? h('button', { type: 'button', class: 'btn-ghost small', onclick: () => { showAll = !showAll; render(); } },
        showAll ? t('suspects.fewer') : t('suspects.all', { n: rows.length }))
      : null;
    replace(el, h('h3', {}, t('suspects.title', { n: rows.length })),
      h('div', { class: 'table-wrap suspects-wrap' }, h('table', { class: 'table compact suspects-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('suspects.order')), h('th', {}, t('suspects.buyer')),
          h('th', { class: 'num' }, t('suspects.amount')), h('th', {}, t('suspects.reasons')))),
        h('tbody', {}, shown.map((r) => h('tr', {},
          h('td', { class: 'id', title: r.orderId }, r.orderId), h('td', { class: 'id', title: r.userId }, r.userId),
          h('td', { class: 'num' }, money(r.amount, currency)), h('td', {}, r.reasons.join('; '))))))),
      more);
  };

  return {
    el,
    load(count) {
      if (count <= 0) {
        rows = [];
        replace(el);
        return;
      }
      api.suspectOrders(streamId).then((next) => {
        rows = next;
        render();
      }, () => {});
    },
  };
}
