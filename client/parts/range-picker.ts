// A time range: presets (24 h, 7 d, 30 d, 90 d, all time) or custom dates, kept in the page's
// hash query as `range=7d` or `from=…&to=…` (ms).
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n.ts';

const DAY = 86_400_000;
export const PRESETS = ['24h', '7d', '30d', '90d', 'all', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
const SPAN: Record<Exclude<Preset, 'all' | 'custom'>, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY };

export interface Range { preset: Preset; from: number; to: number }

/** The range in a query, e.g. range=30d or from=…&to=…; `to` is open (purchases before it). */
export function rangeFromQuery(q: URLSearchParams, fallback: Preset = '30d', now = Date.now()): Range {
  const preset = (PRESETS as readonly string[]).includes(q.get('range') ?? '') ? (q.get('range') as Preset) : fallback;
  if (preset === 'custom') {
    const from = Number(q.get('from'));
    const to = Number(q.get('to'));
    if (Number.isFinite(from) && Number.isFinite(to) && to > from) return { preset, from, to };
    return rangeFromQuery(new URLSearchParams(), fallback, now);
  }
  // "To" is the end of the current minute, so what happens now is inside.
  const end = Math.ceil((now + 1) / 60_000) * 60_000;
  if (preset === 'all') return { preset, from: 0, to: end + DAY };
  return { preset, from: end - SPAN[preset], to: end };
}

export function rangeToQuery(r: Range, q: URLSearchParams): void {
  q.set('range', r.preset);
  if (r.preset === 'custom') {
    q.set('from', String(r.from));
    q.set('to', String(r.to));
  } else {
    q.delete('from');
    q.delete('to');
  }
}

const toDateInput = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const fromDateInput = (v: string) => {
  const [y, m, d] = v.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).getTime();
};

export function rangePicker(initial: Range, onChange: (r: Range) => void): HTMLElement {
  const select = h('select', { 'data-testid': 'range' },
    PRESETS.map((p) => h('option', { value: p, selected: p === initial.preset }, t(`range.${p}` as MessageKey))));
  const from = h('input', { type: 'date', value: toDateInput(initial.from || Date.now() - 30 * DAY) });
  const to = h('input', { type: 'date', value: toDateInput(initial.to - 1) });
  const custom = h('span', { class: 'range-custom' }, from, h('span', { class: 'muted' }, '–'), to);
  const sync = () => custom.classList.toggle('hidden', select.value !== 'custom');
  const emit = () => {
    sync();
    const preset = select.value as Preset;
    if (preset !== 'custom') onChange(rangeFromQuery(new URLSearchParams({ range: preset })));
    else if (from.value && to.value) {
      const a = fromDateInput(from.value);
      const b = fromDateInput(to.value) + DAY;
      if (b > a) onChange({ preset, from: a, to: b });
    }
  };
  select.addEventListener('change', emit);
  from.addEventListener('change', emit);
  to.addEventListener('change', emit);
  sync();
  return h('label', { class: 'field' }, h('span', {}, t('range.label')), h('span', { class: 'range' }, select, custom));
}
