// The authenticity flags of a stream with their evidence. Evidence is free-form JSON from the
// detectors: numbers are formatted, texts (such as example comments) are shown as text.
import { h, replace } from '../dom.ts';
import { dateTime, num, time } from '../format.ts';
import { signalLabel, t } from '../i18n.ts';
import type { Flag } from '../types.ts';

export function flagList(): { el: HTMLElement; update(flags: Flag[]): void } {
  const el = h('div', { class: 'flag-list', 'data-testid': 'flags' });
  let last = '';
  return {
    el,
    update(flags) {
      const key = JSON.stringify(flags);
      if (key === last) return;
      last = key;
      if (flags.length === 0) {
        replace(el, h('p', { class: 'empty' }, t('flags.none')));
        return;
      }
      const sorted = [...flags].sort((a, b) => rank(b.severity) - rank(a.severity) || a.from - b.from);
      replace(el, sorted.map(flagItem));
    },
  };
}

const rank = (s: Flag['severity']) => (s === 'high' ? 3 : s === 'medium' ? 2 : 1);

function flagItem(f: Flag): HTMLElement {
  const when = f.from === f.to ? dateTime(f.from) : `${dateTime(f.from)} – ${time(f.to)}`;
  return h('article', { class: `flag flag-${f.severity}` },
    h('header', {},
      h('span', { class: `sev sev-${f.severity}` }, t(`severity.${f.severity}`)),
      h('strong', {}, signalLabel(f.signal)),
      h('span', { class: 'muted' }, when)),
    evidenceList(f.evidence));
}

function evidenceList(evidence: Record<string, unknown>): HTMLElement {
  const rows = Object.entries(evidence ?? {}).map(([k, v]) => {
    const value = evidenceValue(v);
    // Tables take the full width under their name.
    const wide = value instanceof HTMLElement && value.classList.contains('table-wrap');
    return h('div', { class: wide ? 'ev-row ev-wide' : 'ev-row' }, h('dt', {}, humanKey(k)), h('dd', {}, value));
  });
  return h('dl', { class: 'evidence' }, rows);
}

function evidenceValue(v: unknown): Node | string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? num(v) : num(v, 3);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return h('ul', { class: 'ev-texts' }, v.slice(0, 8).map((x) => h('li', {}, x as string)));
    if (v.every((x) => typeof x === 'number')) return v.slice(0, 20).map((x) => num(x as number, 3)).join(', ');
    if (v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) return evidenceTable(v as Array<Record<string, unknown>>);
  }
  return JSON.stringify(v).slice(0, 400);
}

/** A list of records (example accounts, duplicate clusters, orders) as a small table. */
function evidenceTable(rows: Array<Record<string, unknown>>): HTMLElement {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    if (typeof v === 'number') return h('td', { class: 'num' }, Number.isInteger(v) ? num(v) : num(v, 3));
    if (Array.isArray(v)) return h('td', {}, v.map(String).join('; '));
    const text = v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return h('td', { title: text }, text);
  };
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact ev-table' },
    h('thead', {}, h('tr', {}, keys.map((k) => h('th', {}, humanKey(k))))),
    h('tbody', {}, rows.slice(0, 6).map((r) => h('tr', {}, keys.map((k) => cell(r[k])))))));
}

/** camelCase / snake_case keys as words. */
function humanKey(k: string): string {
  return k.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Example texts the detectors quote (for instance near-duplicate comments), for the chat panel. */
export function exampleTexts(flags: Flag[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown, key: string) => {
    if (typeof v === 'string' && /text|example|sample|comment|message/i.test(key)) out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => visit(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const f of flags) visit(f.evidence, '');
  return [...new Set(out)].slice(0, 20);
}
