// Money at the edges: decimal input to integer minor units and back. Arithmetic in between is
// integer-only, so sums are exact (CONTRACT §3.2).

/** Largest amount accepted, in minor units (10^13 major units: beyond any real order). */
const MAX_MINOR = 1e15;
const DECIMAL = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

/** Parses a number or decimal string with at most 2 decimals; returns minor units or a reason. */
export function parseAmountMinor(v: number | string): number | string {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'must be a finite number';
    if (v < 0) return 'must be ≥ 0';
    text = String(v);
    if (text.includes('e')) return 'is out of range';
  } else {
    text = v.trim();
  }
  if (text.startsWith('-')) return 'must be ≥ 0';
  const m = DECIMAL.exec(text);
  if (!m) return typeof v === 'string' && /^\d+\.\d{3,}$/.test(text) ? 'must have at most 2 decimals' : (typeof v === 'number' ? 'must have at most 2 decimals' : 'must be a decimal number such as 19.90');
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (minor > MAX_MINOR) return 'is out of range';
  return minor;
}

/** Minor units to a major-unit number, exact to the cent. */
export function toMajor(minor: number): number {
  return Math.round(minor) / 100;
}

/** Minor units to a fixed two-decimal string, for reports. */
export function formatMajor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
