// The post-stream report of one stream: summary, sales chart with pins, authenticity findings,
// products and the creator's credit under each attribution model, drawn from the report JSON,
// with the server's JSON, CSV and HTML renderings to open or download, and print CSS.
import { api, reportUrl } from '../api.ts';
import { salesChart, type SalesChart } from '../charts/sales-chart.ts';
import { signalsChart, type SignalsChart } from '../charts/signals-chart.ts';
import { ZoomGroup } from '../charts/zoom-group.ts';
import { h, replace } from '../dom.ts';
import { dateTime, duration, money, num, pct } from '../format.ts';
import { modelLabel, t } from '../i18n.ts';
import type { Page } from '../page.ts';
import { href } from '../router.ts';
import type { StreamReport } from '../types.ts';
import { authBadge } from '../parts/auth-badge.ts';
import { flagList } from '../parts/flag-list.ts';
import { kpiStrip } from '../parts/kpi-strip.ts';
import { signalNames } from '../series-merge.ts';

export function reportPage(streamId: string): Page {
  const body = h('div', { class: 'report-body' }, h('p', { class: 'muted' }, t('common.loading')));
  const el = h('div', { class: 'page report-page', 'data-stream': streamId }, body);
  let charts: Array<SalesChart | SignalsChart> = [];
  let disposed = false;

  // Printing shows the definitions too.
  const openDetails = () => el.querySelectorAll('details').forEach((d) => { d.open = true; });
  addEventListener('beforeprint', openDetails);

  api.report(streamId).then((r) => {
    if (!disposed) charts = render(body, r);
  }, (err: Error) => {
    if (!disposed) replace(body, h('div', { class: 'empty-state' }, h('h1', {}, t('stream.notFound')), h('p', {}, err.message),
      h('a', { href: '#/streams' }, t('stream.back'))));
  });

  return {
    el,
    dispose() {
      disposed = true;
      removeEventListener('beforeprint', openDetails);
      for (const c of charts) c.destroy();
    },
  };
}

function render(body: HTMLElement, r: StreamReport): Array<SalesChart | SignalsChart> {
  const s = r.summary;
  const c = s.currency;
  const started = s.startedAt ?? r.series.t[0] ?? null;
  const ended = s.endedAt ?? r.series.t[r.series.t.length - 1] ?? null;
  const link = (format: 'json' | 'csv' | 'html', label: string, download: boolean) =>
    h('a', { class: 'btn-ghost', href: reportUrl(s.streamId, format), target: download ? null : '_blank', rel: 'noopener', download: download ? '' : null, 'data-format': format }, label);

  const salesHost = h('div', { class: 'chart', 'data-chart': 'sales' });
  const signalsHost = h('div', { class: 'chart', 'data-chart': 'signals' });
  const flags = flagList();
  flags.update(s.authenticity.flags);
  const table = (head: string[], rows: Array<Array<string | Node>>, numeric: number[] = []) => h('div', { class: 'table-wrap' },
    h('table', { class: 'table compact' },
      h('thead', {}, h('tr', {}, head.map((x, i) => h('th', { class: numeric.includes(i) ? 'num' : null }, x)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, row.map((x, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, x)))))));

  replace(body,
    h('div', { class: 'page-head' },
      h('div', {},
        h('a', { class: 'crumb no-print', href: href({ name: 'stream', id: s.streamId }) }, `← ${t('report.backToStream')}`),
        h('div', { class: 'eyebrow' }, t('report.title')),
        h('h1', {}, s.title || s.streamId),
        h('div', { class: 'card-meta' },
          s.tier ? h('span', { class: `tier tier-${s.tier}` }, s.tier) : null,
          h('span', {}, s.creatorName ?? s.creatorId ?? t('common.unknownCreator')),
          s.platform ? h('span', { class: 'muted' }, `· ${s.platform}`) : null,
          h('span', { class: 'muted' }, `· ${dateTime(started)}${started !== null && ended !== null ? ` · ${duration(ended - started)}` : ''}`))),
      h('div', { class: 'head-tools no-print' },
        authBadge(s.authenticity.score),
        link('html', t('report.openHtml'), false),
        link('json', 'JSON', true), link('csv', 'CSV', true), link('html', 'HTML', true),
        h('button', { type: 'button', class: 'btn-primary', onclick: () => print() }, t('report.print')))),
    s.live ? h('p', { class: 'notice' }, t('report.stillLive')) : null,
    kpiStrip(s).el,
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('stream.salesChart'))), salesHost),
    signalNames(r.series).length ? h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('stream.signalsChart'))), signalsHost) : null,
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('stream.flags')),
      h('span', { class: 'muted small' }, t('report.suspects', { n: num(s.authenticity.suspectOrders), v: money(s.authenticity.suspectGmv, c) }))), flags.el),
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('report.products'))),
      r.products.length === 0 ? h('p', { class: 'empty' }, t('report.noProducts')) : table(
        [t('report.product'), t('report.price'), t('report.pins'), t('report.clickers'), t('report.cartAdds'), t('kpi.orders'), t('kpi.gmv')],
        r.products.map((p) => [p.title ? `${p.title} (${p.productId})` : p.productId, money(p.price, c), num(p.pins), num(p.clickers), num(p.cartAdds), num(p.orders), money(p.gmv, c)]),
        [1, 2, 3, 4, 5, 6])),
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('report.attribution', { who: s.creatorName ?? s.creatorId ?? '—' }))),
      r.attribution.models.length === 0 ? h('p', { class: 'empty' }, t('report.noAttribution')) : table(
        [t('attr.model'), t('kpi.orders'), t('kpi.gmv'), t('kpi.netGmv'), t('attr.share')],
        r.attribution.models.map((m) => [modelLabel(m.model), num(m.orders, 2), money(m.gmv, c), money(m.netGmv, c), pct(m.share, 1)]),
        [1, 2, 3, 4])),
    r.definitions ? h('details', { class: 'card definitions' }, h('summary', {}, t('report.definitions')),
      h('dl', {}, Object.entries(r.definitions).map(([k, v]) => h('div', { class: 'ev-row' }, h('dt', {}, k), h('dd', {}, v))))) : null,
    h('p', { class: 'muted small' }, t('report.generated', { at: dateTime(r.generatedAt), currency: c })));

  const out: Array<SalesChart | SignalsChart> = [];
  const zoom = new ZoomGroup();
  const sales = salesChart(salesHost, r.series, c, `report:${s.streamId}`, zoom);
  sales.setPins(r.pins);
  out.push(sales);
  if (signalNames(r.series).length) out.push(signalsChart(signalsHost, r.series, `report:${s.streamId}`, zoom));
  return out;
}
