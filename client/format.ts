// Numbers, money, rates and times for the chosen language, in the browser's time zone.
import { locale } from './i18n.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${locale()}|n|${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locale(), opts)));
  return f;
}
function df(key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale()}|d|${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale(), opts)));
  return f;
}

const DASH = '—';

export function money(v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  try {
    return nf(`cur-${currency}`, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(v);
  } catch {
    return `${num(v, 2)} ${currency}`;
  }
}

/** Money in a tile: whole units from 10,000 on, so big figures stay readable. */
export function moneyTile(v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  if (Math.abs(v) < 10_000) return money(v, currency);
  try {
    return nf(`curt-${currency}`, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(v);
  } catch {
    return `${num(v, 0)} ${currency}`;
  }
}

/** Compact money for axes ("¥1.2K"). */
export function moneyShort(v: number | null | undefined, currency: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  try {
    return nf(`curs-${currency}`, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', maximumFractionDigits: 1 }).format(v);
  } catch {
    return compact(v);
  }
}

export function num(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(`num-${digits}`, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(v);
}

export function compact(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** A fraction (0.034) as a percentage. */
export function pct(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(`pct-${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  return df('dt', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A moment relative to today: "9:53 AM", "Apr 12, 9:53 AM", or with the year when not this one. */
export function when(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return DASH;
  const a = new Date(ms), b = new Date(now);
  if (a.toDateString() === b.toDateString()) return time(ms);
  if (a.getFullYear() === b.getFullYear()) return df('md', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(ms);
  return dateTime(ms);
}

export function time(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  return df('t', { hour: '2-digit', minute: '2-digit' }).format(ms);
}

export function timeSec(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  return df('ts', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);
}

export function shortDate(ms: number): string {
  return df('sd', { month: 'short', day: 'numeric' }).format(ms);
}

/** A duration in minutes or hours, e.g. "1 h 25 min" / "1小时25分钟". */
export function duration(ms: number): string {
  const mins = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  const unit = (value: number, u: 'hour' | 'minute') => nf(`u-${u}`, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  return h > 0 ? `${unit(h, 'hour')} ${unit(m, 'minute')}` : unit(m, 'minute');
}
