// Attribution across streams: pick a model (all seven), the touchpoint window, the time-decay
// half-life and a time range; see each creator's credit as a table and a bar chart, and take
// it away as CSV. The choice lives in the hash (#/attribution?model=…) so it can be shared.
import { api, ApiError } from '../api.ts';
import { downloadText, toCsv } from '../csv.ts';
import { h, replace } from '../dom.ts';
import { money, num, pct } from '../format.ts';
import { modelLabel, t } from '../i18n.ts';
import { workspaceCurrency } from '../currency.ts';
import type { Page } from '../page.ts';
import { remember } from '../router.ts';
import type { AttributionResult } from '../types.ts';
import { creditBars } from '../parts/credit-bars.ts';
import { rangeFromQuery, rangePicker, rangeToQuery, type Range } from '../parts/range-picker.ts';

export const MODELS = ['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based', 'data_driven'] as const;
const DAY = 86_400_000;

interface Choice { model: string; windowDays: number; halfLifeDays: number; range: Range }

function choiceFrom(q: URLSearchParams): Choice {
  const model = (MODELS as readonly string[]).includes(q.get('model') ?? '') ? q.get('model')! : 'last_touch';
  const days = (k: string, d: number) => {
    const v = Number(q.get(k));
    return Number.isFinite(v) && v > 0 && v <= 3650 ? v : d;
  };
  return { model, windowDays: days('window', 7), halfLifeDays: days('halfLife', 7), range: rangeFromQuery(q) };
}

export function attributionPage(query: URLSearchParams): Page {
  let choice = choiceFrom(query);
  let seq = 0;
  let last: AttributionResult | null = null;
  let currency = 'CNY';

  const modelSelect = h('select', { 'data-testid': 'model' },
    MODELS.map((m) => h('option', { value: m, selected: m === choice.model }, modelLabel(m))));
  const windowInput = h('input', { type: 'number', min: 0.01, max: 3650, step: 'any', value: choice.windowDays, 'data-testid': 'window' });
  const halfLifeInput = h('input', { type: 'number', min: 0.01, max: 3650, step: 'any', value: choice.halfLifeDays, 'data-testid': 'half-life' });
  const halfLifeField = h('label', { class: 'field' }, h('span', {}, t('attr.halfLife')), halfLifeInput);
  const modelHelp = h('p', { class: 'muted small model-help' });
  const csvButton = h('button', { type: 'button', class: 'btn-ghost', disabled: true, 'data-testid': 'csv' }, t('common.csv'));
  const result = h('div', { class: 'attr-result', 'data-testid': 'attribution-result' });

  const controls = h('form', { class: 'controls card', onsubmit: (e: Event) => e.preventDefault() },
    h('label', { class: 'field' }, h('span', {}, t('attr.model')), modelSelect),
    h('label', { class: 'field' }, h('span', {}, t('attr.window')), windowInput),
    halfLifeField,
    rangePicker(choice.range, (r) => update({ range: r })),
    h('div', { class: 'field field-end' }, csvButton));
  const el = h('div', { class: 'page attribution-page' },
    h('div', { class: 'page-head' }, h('h1', {}, t('attr.title'))),
    controls, modelHelp, result);

  function update(patch: Partial<Choice>): void {
    choice = { ...choice, ...patch };
    const q = new URLSearchParams({ model: choice.model, window: String(choice.windowDays), halfLife: String(choice.halfLifeDays) });
    rangeToQuery(choice.range, q);
    remember({ name: 'attribution', query: q });
    void load();
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    halfLifeField.classList.toggle('dim', choice.model !== 'time_decay');
    modelHelp.textContent = t(`modelHelp.${choice.model}` as Parameters<typeof t>[0]);
    result.setAttribute('aria-busy', 'true');
    result.dataset.loading = choice.model;
    try {
      const r = await api.attribution({
        model: choice.model, from: choice.range.from, to: choice.range.to,
        window: Math.round(choice.windowDays * DAY), halfLife: Math.round(choice.halfLifeDays * DAY),
      });
      if (mine !== seq) return;
      last = r;
      render(r);
    } catch (err) {
      if (mine !== seq) return;
      last = null;
      csvButton.disabled = true;
      const missing = err instanceof ApiError && err.status === 404;
      replace(result, h('p', { class: 'form-error' }, missing ? t('attr.unavailable') : t('common.error', { message: String((err as Error).message) })));
      result.dataset.model = choice.model;
    } finally {
      if (mine === seq) {
        result.removeAttribute('aria-busy');
        delete result.dataset.loading;
      }
    }
  }

  function render(r: AttributionResult): void {
    csvButton.disabled = false;
    const rows = [...r.creators].sort((a, b) => b.gmv - a.gmv || b.orders - a.orders);
    const totalGmv = rows.reduce((a, c) => a + c.gmv, 0) + r.unattributed.gmv;
    const table = h('table', { class: 'table', 'data-testid': 'attribution-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('attr.creator')), h('th', {}, t('attr.tier')), h('th', { class: 'num' }, t('kpi.orders')),
        h('th', { class: 'num' }, t('kpi.gmv')), h('th', { class: 'num' }, t('kpi.netGmv')), h('th', { class: 'num' }, t('attr.share')))),
      h('tbody', {},
        rows.length === 0 ? h('tr', {}, h('td', { colspan: 6, class: 'empty' }, t('attr.noCredit'))) : null,
        rows.map((c) => h('tr', { 'data-creator': c.creatorId },
          h('td', {}, c.name ?? c.creatorId), h('td', {}, c.tier ? h('span', { class: `tier tier-${c.tier}` }, c.tier) : '—'),
          h('td', { class: 'num' }, num(c.orders, 2)), h('td', { class: 'num' }, money(c.gmv, currency)),
          h('td', { class: 'num' }, money(c.netGmv, currency)), h('td', { class: 'num' }, pct(c.share, 1))))),
      h('tfoot', {}, h('tr', { class: 'unattributed' },
        h('td', { colspan: 2 }, t('attr.unattributed')), h('td', { class: 'num' }, num(r.unattributed.orders, 2)),
        h('td', { class: 'num' }, money(r.unattributed.gmv, currency)), h('td', {}), h('td', { class: 'num' }, totalGmv ? pct(r.unattributed.gmv / totalGmv, 1) : '—'))));
    replace(result,
      h('div', { class: 'two-col wide-left' },
        h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, modelLabel(r.model))), h('div', { class: 'table-wrap' }, table)),
        h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('attr.chart'))),
          creditBars(rows.map((c) => ({ label: c.name ?? c.creatorId, value: c.gmv, text: money(c.gmv, currency), tier: c.tier }))))));
    result.dataset.model = r.model;
  }

  modelSelect.addEventListener('change', () => update({ model: modelSelect.value }));
  const days = (input: HTMLInputElement, key: 'windowDays' | 'halfLifeDays') => input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isFinite(v) && v > 0) update({ [key]: v });
  });
  days(windowInput, 'windowDays');
  days(halfLifeInput, 'halfLifeDays');
  csvButton.addEventListener('click', () => {
    if (!last) return;
    const r = last;
    downloadText(`kolpulse-attribution-${r.model}.csv`, toCsv([
      ['model', 'from', 'to', 'window_ms', 'creatorId', 'name', 'tier', 'orders', 'gmv', 'netGmv', 'share'],
      ...r.creators.map((c) => [r.model, new Date(r.from).toISOString(), new Date(r.to).toISOString(), r.window, c.creatorId, c.name, c.tier, c.orders, c.gmv, c.netGmv, c.share]),
      [r.model, new Date(r.from).toISOString(), new Date(r.to).toISOString(), r.window, '', 'unattributed', '', r.unattributed.orders, r.unattributed.gmv, '', ''],
    ]));
  });

  void workspaceCurrency().then((c) => {
    if (c === currency) return;
    currency = c;
    if (last) render(last);
  });
  void load();
  return { el, dispose() { seq++; } };
}
