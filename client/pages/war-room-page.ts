// The war room: every stream of the workspace, live ones first, each with its money, orders,
// viewers, conversion, a GMV sparkline and its authenticity badge, kept current over /live.
import { api } from '../api.ts';
import { noteCurrency } from '../currency.ts';
import { h, replace, setText } from '../dom.ts';
import { duration, money, num, pct, when } from '../format.ts';
import { t } from '../i18n.ts';
import { LiveSocket, type LiveState } from '../live-socket.ts';
import type { Page } from '../page.ts';
import { href } from '../router.ts';
import type { SeriesColumns, StreamSummary } from '../types.ts';
import { authBadge, updateAuthBadge } from '../parts/auth-badge.ts';
import { liveStatus } from '../parts/live-status.ts';
import { sparkline } from '../parts/sparkline.ts';

/** A sparkline is refetched at most this often per stream. */
const SPARK_REFRESH_MS = 15_000;

interface Card {
  el: HTMLElement;
  summary: StreamSummary;
  spark: HTMLElement;
  sparkAt: number;
  sparkTimer: ReturnType<typeof setTimeout> | null;
  fields: Record<'gmv' | 'orders' | 'viewers' | 'conversion' | 'status' | 'when', HTMLElement>;
  badge: HTMLElement;
}

export function warRoomPage(): Page {
  const status = liveStatus();
  const totals = h('div', { class: 'totals' });
  const grid = h('div', { class: 'card-grid', 'data-testid': 'stream-grid' }, h('p', { class: 'muted' }, t('common.loading')));
  const el = h('div', { class: 'page war-room' },
    h('div', { class: 'page-head' }, h('h1', {}, t('war.title')), status.el),
    totals,
    grid);
  const cards = new Map<string, Card>();
  let disposed = false;
  let gotFirst = false;

  const order = () => [...cards.values()].sort((a, b) => Number(b.summary.live) - Number(a.summary.live)
    || (b.summary.startedAt ?? 0) - (a.summary.startedAt ?? 0) || a.summary.streamId.localeCompare(b.summary.streamId));

  const layout = () => {
    if (cards.size === 0) {
      replace(grid, h('p', { class: 'empty' }, t('war.empty')));
    } else {
      const sorted = order();
      // Re-append only when the order changed, so cards do not flicker.
      const now = [...grid.children];
      if (sorted.some((c, i) => now[i] !== c.el) || now.length !== sorted.length) replace(grid, sorted.map((c) => c.el));
    }
    const all = [...cards.values()].map((c) => c.summary);
    const live = all.filter((s) => s.live);
    const currency = all[0]?.currency ?? 'CNY';
    replace(totals,
      total(t('war.liveNow'), num(live.length), 'live'),
      total(t('war.liveGmv'), money(live.reduce((a, s) => a + s.gmv, 0), currency), 'gmv'),
      total(t('war.liveViewers'), num(live.reduce((a, s) => a + (s.viewersNow ?? 0), 0)), 'viewers'),
      total(t('war.streams'), num(all.length), 'streams'));
  };

  const loadSpark = (card: Card) => {
    if (disposed) return;
    card.sparkAt = Date.now();
    api.series(card.summary.streamId).then((cols: SeriesColumns) => {
      if (!disposed) replace(card.spark, sparkline(cols));
    }, () => {});
  };
  const refreshSpark = (card: Card) => {
    if (card.sparkTimer) return;
    const wait = Math.max(0, card.sparkAt + SPARK_REFRESH_MS - Date.now());
    card.sparkTimer = setTimeout(() => {
      card.sparkTimer = null;
      loadSpark(card);
    }, wait);
  };

  const upsert = (s: StreamSummary) => {
    noteCurrency(s.currency);
    const existing = cards.get(s.streamId);
    if (existing) {
      existing.summary = s;
      fill(existing);
      refreshSpark(existing);
      return;
    }
    const card = makeCard(s);
    cards.set(s.streamId, card);
    fill(card);
    loadSpark(card);
  };

  const socket = new LiveSocket(null, (msg) => {
    if (msg.type !== 'streams') return;
    gotFirst = true;
    for (const s of msg.streams) if (s) upsert(s);
    layout();
  }, (state: LiveState) => status.set(state));

  // Without a live socket (a proxy that drops WebSockets), fall back to reading the API.
  const fallback = setTimeout(async () => {
    if (gotFirst || disposed) return;
    try {
      const list = await api.streams();
      const summaries = await Promise.all(list.map((s) => api.summary(s.streamId).catch(() => null)));
      if (gotFirst || disposed) return;
      for (const s of summaries) if (s) upsert(s);
      layout();
    } catch { /* shown by the status */ }
  }, 3000);

  // Keeps "live for 25 min" current between updates.
  const clock = setInterval(() => {
    for (const c of cards.values()) if (c.summary.live) fill(c);
  }, 30_000);

  return {
    el,
    dispose() {
      disposed = true;
      clearInterval(clock);
      clearTimeout(fallback);
      socket.close();
      for (const c of cards.values()) if (c.sparkTimer) clearTimeout(c.sparkTimer);
    },
  };
}

function total(label: string, value: string, key: string): HTMLElement {
  return h('div', { class: 'total' }, h('div', { class: 'total-label' }, label), h('div', { class: 'total-value', 'data-total': key }, value));
}

function makeCard(s: StreamSummary): Card {
  const stat = (label: string, key: string) => {
    const v = h('div', { class: 'stat-value', 'data-field': key });
    return { el: h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), v), v };
  };
  const gmv = stat(t('kpi.gmv'), 'gmv');
  const orders = stat(t('kpi.orders'), 'orders');
  const viewers = stat(t('kpi.viewersNow'), 'viewers');
  const conversion = stat(t('kpi.conversion'), 'conversion');
  const statusEl = h('span', { class: 'stream-status' });
  const whenEl = h('span', { class: 'status-when' });
  const badge = authBadge(s.authenticity.score);
  const spark = h('div', { class: 'spark' });
  const el = h('a', { class: 'stream-card', href: href({ name: 'stream', id: s.streamId }), 'data-stream': s.streamId },
    h('div', { class: 'card-top' }, h('span', {}, statusEl, whenEl), badge),
    h('div', { class: 'card-title' }, s.title || s.streamId),
    h('div', { class: 'card-meta' },
      s.tier ? h('span', { class: `tier tier-${s.tier}` }, s.tier) : null,
      h('span', {}, s.creatorName ?? s.creatorId ?? t('common.unknownCreator')),
      s.platform ? h('span', { class: 'muted' }, `· ${s.platform}`) : null),
    spark,
    h('div', { class: 'stats' }, gmv.el, orders.el, viewers.el, conversion.el));
  gmv.el.className = 'stat stat-main';
  return {
    el, summary: s, spark, sparkAt: 0, sparkTimer: null, badge,
    fields: { gmv: gmv.v, orders: orders.v, viewers: viewers.v, conversion: conversion.v, status: statusEl, when: whenEl },
  };
}

function fill(c: Card): void {
  const s = c.summary;
  setText(c.fields.gmv, money(s.gmv, s.currency));
  setText(c.fields.orders, num(s.orders));
  setText(c.fields.viewers, s.live ? num(s.viewersNow) : '—');
  setText(c.fields.conversion, pct(s.conversionRate, 2));
  c.el.classList.toggle('is-live', s.live);
  const since = s.startedAt ?? null;
  setText(c.fields.status, s.live ? `● ${t('status.live')}` : t('status.ended'));
  setText(c.fields.when, s.live ? (since ? duration(Date.now() - since) : '') : (s.endedAt ? when(s.endedAt) : ''));
  updateAuthBadge(c.badge, s.authenticity.score);
}
