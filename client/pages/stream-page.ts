// One stream, live: KPI strip, sales/viewers chart with product pins, authenticity signals on
// the same time axis (cursors synchronised), the flags with their evidence, suspect orders and
// a sample of the chat. Updates from /live are merged by minute and drawn once per frame.
import { api } from '../api.ts';
import { salesChart, pinLabel, type SalesChart } from '../charts/sales-chart.ts';
import { signalsChart, type SignalsChart } from '../charts/signals-chart.ts';
import { ZoomGroup } from '../charts/zoom-group.ts';
import { noteCurrency } from '../currency.ts';
import { h, replace, setText } from '../dom.ts';
import { dateTime, duration, money } from '../format.ts';
import { frameCommit } from '../frame-commit.ts';
import { t } from '../i18n.ts';
import { LiveSocket } from '../live-socket.ts';
import type { Page } from '../page.ts';
import { href } from '../router.ts';
import { cloneSeries, mergeSeries } from '../series-merge.ts';
import type { Pin, SeriesColumns, StreamSummary } from '../types.ts';
import { authBadge, updateAuthBadge } from '../parts/auth-badge.ts';
import { chatPanel, type ChatPanel } from '../parts/chat-panel.ts';
import { flagList } from '../parts/flag-list.ts';
import { kpiStrip, type KpiStrip } from '../parts/kpi-strip.ts';
import { liveStatus } from '../parts/live-status.ts';
import { suspectTable } from '../parts/suspect-table.ts';

const PIN_REFRESH_MS = 15_000;

export function streamPage(streamId: string): Page {
  const status = liveStatus();
  const body = h('div', { class: 'stream-body' }, h('p', { class: 'muted' }, t('common.loading')));
  const el = h('div', { class: 'page stream-page', 'data-stream': streamId }, body);

  let summary: StreamSummary | null = null;
  let cols: SeriesColumns | null = null;
  let built: Built | null = null;
  let disposed = false;
  let pinsAt = 0;
  let pinTimer: ReturnType<typeof setTimeout> | null = null;
  let lastComments = -1;
  let lastSuspects = -1;

  const commit = frameCommit(() => {
    if (disposed || !summary || !cols) return;
    if (!built) {
      built = build(body, streamId, summary, cols, status.el);
      loadPins();
    } else {
      built.kpis.update(summary);
      built.sales.setData(cols);
      built.signals.setData(cols);
    }
    built.header(summary);
    built.flags.update(summary.authenticity.flags);
    if (summary.comments !== lastComments) {
      lastComments = summary.comments;
      built.chat.refresh(summary.authenticity.flags);
    }
    if (summary.authenticity.suspectOrders !== lastSuspects) {
      lastSuspects = summary.authenticity.suspectOrders;
      built.suspects.load(summary.authenticity.suspectOrders);
    }
  });

  const loadPins = () => {
    pinsAt = Date.now();
    api.report(streamId).then((r) => {
      if (!disposed && built) built.setPins(r.pins);
    }, () => {});
  };
  const refreshPins = () => {
    if (pinTimer || !built) return;
    pinTimer = setTimeout(() => {
      pinTimer = null;
      loadPins();
    }, Math.max(0, pinsAt + PIN_REFRESH_MS - Date.now()));
  };

  const notFound = () => replace(body, h('div', { class: 'empty-state' },
    h('h1', {}, t('stream.notFound')), h('p', {}, streamId), h('a', { href: '#/streams' }, t('stream.back'))));

  const socket = new LiveSocket(streamId, (msg) => {
    if (msg.type === 'streams' || msg.streamId !== streamId) return;
    if (!msg.summary) {
      if (!built) notFound();
      return;
    }
    summary = msg.summary;
    noteCurrency(summary.currency);
    if (msg.type === 'snapshot' || !cols) cols = cloneSeries(msg.series ?? { t: [] });
    else if (msg.series) {
      mergeSeries(cols, msg.series);
      refreshPins();
    }
    commit.mark();
  }, (s) => status.set(s));

  // Without /live (a proxy that drops WebSockets) read once over HTTP.
  const fallback = setTimeout(async () => {
    if (summary || disposed) return;
    try {
      const [s, c] = await Promise.all([api.summary(streamId), api.series(streamId)]);
      if (summary || disposed) return;
      summary = s;
      cols = c;
      commit.mark();
    } catch {
      if (!summary && !disposed) notFound();
    }
  }, 4000);

  return {
    el,
    dispose() {
      disposed = true;
      clearTimeout(fallback);
      if (pinTimer) clearTimeout(pinTimer);
      commit.cancel();
      socket.close();
      built?.destroy();
    },
  };
}

interface Built {
  kpis: KpiStrip;
  sales: SalesChart;
  signals: SignalsChart;
  flags: ReturnType<typeof flagList>;
  chat: ChatPanel;
  suspects: ReturnType<typeof suspectTable>;
  header(s: StreamSummary): void;
  setPins(pins: Pin[]): void;
  destroy(): void;
}

function build(body: HTMLElement, streamId: string, s: StreamSummary, cols: SeriesColumns, conn: HTMLElement): Built {
  const syncKey = `stream:${streamId}`;
  const title = h('h1', {}, s.title || s.streamId);
  const badge = authBadge(s.authenticity.score);
  const when = h('span', { class: 'muted' });
  const liveTag = h('span', { class: 'stream-status' });
  const reportLink = h('a', { class: 'btn-ghost', href: href({ name: 'report', id: streamId }), 'data-testid': 'report-link' }, t('stream.report'));
  const head = h('div', { class: 'page-head stream-head' },
    h('div', {},
      h('a', { class: 'crumb', href: '#/streams' }, `← ${t('nav.streams')}`),
      title,
      h('div', { class: 'card-meta' },
        s.tier ? h('span', { class: `tier tier-${s.tier}` }, s.tier) : null,
        h('span', {}, s.creatorName ?? s.creatorId ?? t('common.unknownCreator')),
        s.platform ? h('span', { class: 'muted' }, `· ${s.platform}`) : null,
        h('span', { class: 'muted' }, '·'), when)),
    h('div', { class: 'head-tools' }, liveTag, badge, conn, reportLink));

  const kpis = kpiStrip(s);
  const salesHost = h('div', { class: 'chart', 'data-chart': 'sales' });
  const pinList = h('ul', { class: 'pin-list', 'data-testid': 'pins' });
  const signalsHost = h('div', { class: 'chart', 'data-chart': 'signals' });
  const flags = flagList();
  const chat = chatPanel(streamId);
  const suspects = suspectTable(streamId, s.currency);
  replace(body,
    head,
    kpis.el,
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, t('stream.salesChart')), h('span', { class: 'muted small' }, t('stream.salesHint'))),
      salesHost, pinList),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', {}, t('stream.signalsChart')), h('span', { class: 'muted small' }, t('stream.signalsHint'))),
      signalsHost),
    h('div', { class: 'two-col' },
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('stream.flags'))), flags.el, suspects.el),
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', {}, t('stream.chat'))), chat.el)));

  const zoom = new ZoomGroup();
  const sales = salesChart(salesHost, cols, s.currency, syncKey, zoom);
  const signals = signalsChart(signalsHost, cols, syncKey, zoom);
  return {
    kpis, sales, signals, flags, chat, suspects,
    header(x) {
      setText(title, x.title || x.streamId);
      updateAuthBadge(badge, x.authenticity.score);
      setText(liveTag, x.live ? `● ${t('status.live')}` : t('status.ended'));
      liveTag.classList.toggle('is-live', x.live);
      const started = x.startedAt ?? cols.t[0] ?? null;
      const ended = x.endedAt ?? (x.live ? Date.now() : cols.t[cols.t.length - 1] ?? null);
      setText(when, started === null ? '' : `${dateTime(started)}${ended !== null ? ` · ${duration(ended - started)}` : ''}`);
      reportLink.classList.toggle('hidden', x.live);
      document.title = `${x.title || x.streamId} · ${money(x.gmv, x.currency)} · kolpulse`;
    },
    setPins(pins) {
      sales.setPins(pins);
      replace(pinList, pins.map((p) => h('li', {}, pinLabel(p))));
    },
    destroy() {
      sales.destroy();
      signals.destroy();
      chat.dispose();
    },
  };
}
