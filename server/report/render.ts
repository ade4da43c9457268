// The post-stream report as JSON, CSV (for spreadsheets) or a self-contained, printable HTML
// page with inline CSS and an inline SVG chart. Every text from events is escaped.
import type { StreamReport } from '../stream-view.js';
import { METRIC_DEFINITIONS } from './definitions.js';
import { maxOf } from '../metrics/stats.js';

export interface Rendered { body: string; contentType: string; filename: string }

export function renderReport(report: StreamReport, format: 'json' | 'csv' | 'html'): Rendered {
  const base = `kolpulse-report-${safeName(report.summary.streamId)}`;
  if (format === 'csv') return { body: reportCsv(report), contentType: 'text/csv; charset=utf-8', filename: `${base}.csv` };
  if (format === 'html') return { body: reportHtml(report), contentType: 'text/html; charset=utf-8', filename: `${base}.html` };
  return { body: JSON.stringify({ ...report, definitions: Object.fromEntries(METRIC_DEFINITIONS) }), contentType: 'application/json', filename: `${base}.json` };
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80);
}

const SUMMARY_FIELDS = [
  'views', 'uniqueViewers', 'peakViewers', 'viewersNow', 'comments', 'likes', 'follows', 'shares', 'engagedUsers', 'engagementRate',
  'productClickers', 'orders', 'buyers', 'gmv', 'refunds', 'netGmv', 'conversionRate', 'clickThroughRate', 'clickToOrderRate',
  'gpm', 'uvValue', 'aov',
] as const;

/** RFC 4180 field; a leading = + - @ is prefixed with ' (unless the field is just a number) so spreadsheets never run it. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvRow = (cells: unknown[]) => cells.map(csvField).join(',');

function reportCsv(r: StreamReport): string {
  const s = r.summary;
  const lines: string[] = [csvRow(['section', 'field', 'value'])];
  for (const k of ['streamId', 'creatorId', 'creatorName', 'tier', 'platform', 'title', 'startedAt', 'endedAt', 'currency'] as const) lines.push(csvRow(['stream', k, s[k]]));
  for (const k of SUMMARY_FIELDS) lines.push(csvRow(['summary', k, s[k]]));
  lines.push(csvRow(['authenticity', 'score', s.authenticity.score]));
  lines.push(csvRow(['authenticity', 'suspectOrders', s.authenticity.suspectOrders]));
  lines.push(csvRow(['authenticity', 'suspectGmv', s.authenticity.suspectGmv]));
  for (const f of s.authenticity.flags) lines.push(csvRow(['flag', f.signal, `${f.severity} ${iso(f.from)}–${iso(f.to)} ${JSON.stringify(f.evidence)}`]));
  lines.push('', csvRow(['minute', ...Object.keys(r.series).filter((k) => k !== 't')]));
  const cols = Object.entries(r.series).filter(([k]) => k !== 't');
  r.series.t.forEach((t, i) => lines.push(csvRow([iso(t), ...cols.map(([, v]) => v[i])])));
  lines.push('', csvRow(['productId', 'title', 'price', 'pins', 'clickers', 'cartAdds', 'orders', 'gmv']));
  for (const p of r.products) lines.push(csvRow([p.productId, p.title, p.price, p.pins, p.clickers, p.cartAdds, p.orders, p.gmv]));
  lines.push('', csvRow(['model', 'orders', 'gmv', 'netGmv', 'share']));
  for (const m of r.attribution.models) lines.push(csvRow([m.model, m.orders, m.gmv, m.netGmv, m.share]));
  lines.push('', csvRow(['metric', 'definition']));
  for (const [k, v] of METRIC_DEFINITIONS) lines.push(csvRow([k, v]));
  return `${lines.join('\r\n')}\r\n`;
}

const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

/** Sales per minute as bars with viewers as a line, in SVG (no script needed to view or print). */
function chartSvg(r: StreamReport): string {
  const { t } = r.series;
  const gmv = r.series.gmv as number[];
  const viewers = r.series.viewers as Array<number | null>;
  if (t.length === 0) return '<p>No events.</p>';
  const W = 900, H = 220, pad = 30;
  const maxG = maxOf(gmv, 1) || 1;
  const maxV = maxOf(viewers.map((v) => v ?? 0), 1) || 1;
  const bw = (W - 2 * pad) / t.length;
  const bars = gmv.map((g, i) => {
    const h = ((H - 2 * pad) * g) / maxG;
    return `<rect x="${(pad + i * bw).toFixed(1)}" y="${(H - pad - h).toFixed(1)}" width="${Math.max(0.5, bw * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#3b82f6"/>`;
  }).join('');
  const pts = viewers.map((v, i) => (v === null ? null : `${(pad + (i + 0.4) * bw).toFixed(1)},${(H - pad - ((H - 2 * pad) * v) / maxV).toFixed(1)}`)).filter(Boolean).join(' ');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Sales per minute and viewers">`
    + `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/>${bars}`
    + `<polyline points="${pts}" fill="none" stroke="#f59e0b" stroke-width="2"/>`
    + `<text x="${pad}" y="16" font-size="12">GMV per minute (bars, max ${fmt(maxG)})</text>`
    + `<text x="${W - pad}" y="16" font-size="12" text-anchor="end" fill="#b45309">viewers (line, max ${fmt(maxV, 0)})</text>`
    + `<text x="${pad}" y="${H - 8}" font-size="11">${escapeHtml(iso(t[0]!))}</text>`
    + `<text x="${W - pad}" y="${H - 8}" font-size="11" text-anchor="end">${escapeHtml(iso(t[t.length - 1]!))}</text></svg>`;
}

function table(head: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function reportHtml(r: StreamReport): string {
  const s = r.summary;
  const a = s.authenticity;
  const kpis: Array<[string, string]> = [
    ['GMV', fmt(s.gmv)], ['Net GMV', fmt(s.netGmv)], ['GMV without suspect orders', fmt(s.gmv - a.suspectGmv)], ['Orders', fmt(s.orders)],
    ['Buyers', fmt(s.buyers)], ['Unique viewers', fmt(s.uniqueViewers)], ['Peak viewers', fmt(s.peakViewers)], ['Conversion', pct(s.conversionRate)],
    ['GPM', fmt(s.gpm)], ['UV value', fmt(s.uvValue)], ['AOV', fmt(s.aov)], ['Authenticity', `${a.score}/100`],
  ];
  const flags = a.flags.length === 0 ? '<p>No authenticity flags.</p>'
    : table(['signal', 'severity', 'from', 'to', 'evidence'], a.flags.map((f) => [f.signal, f.severity, iso(f.from), iso(f.to), JSON.stringify(f.evidence)]));
  const minuteCols = Object.keys(r.series).filter((k) => k !== 't');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kolpulse report: ${escapeHtml(s.title ?? s.streamId)}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#111}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ddd}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.kpi{border:1px solid #ddd;border-radius:6px;padding:8px}.kpi b{display:block;font-size:18px}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
th{background:#f5f5f5}.muted{color:#666}
@media print{body{margin:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(s.title ?? s.streamId)}</h1>
<p class="muted">Stream ${escapeHtml(s.streamId)} · creator ${escapeHtml(s.creatorName ?? s.creatorId ?? 'unknown')} (${escapeHtml(s.tier ?? 'tier unknown')}) · ${escapeHtml(s.platform ?? '')}
· ${escapeHtml(iso(s.startedAt))} – ${escapeHtml(iso(s.endedAt))} · amounts in ${escapeHtml(s.currency)} · generated ${escapeHtml(iso(r.generatedAt))}</p>
<h2>Summary</h2><div class="kpis">${kpis.map(([k, v]) => `<div class="kpi">${escapeHtml(k)}<b>${escapeHtml(v)}</b></div>`).join('')}</div>
<h2>Sales and viewers per minute</h2>${chartSvg(r)}
<h2>Authenticity (score ${a.score}/100; ${a.suspectOrders} suspect orders, ${fmt(a.suspectGmv)} suspect GMV)</h2>${flags}
<h2>Products</h2>${table(['product', 'title', 'price', 'pins', 'clickers', 'cart adds', 'orders', 'GMV'], r.products.map((p) => [p.productId, p.title ?? '', fmt(p.price), p.pins, p.clickers, p.cartAdds, p.orders, fmt(p.gmv)]))}
<h2>Attribution of ${escapeHtml(s.creatorName ?? s.creatorId ?? 'the creator')} by model</h2>${r.attribution.models.length === 0 ? '<p>No creator known for this stream.</p>'
    : table(['model', 'orders', 'GMV', 'net GMV', 'share'], r.attribution.models.map((m) => [m.model, fmt(m.orders, 4), fmt(m.gmv), fmt(m.netGmv), pct(m.share)]))}
<h2>Per minute</h2>${table(['minute (UTC)', ...minuteCols], r.series.t.map((t, i) => [iso(t).slice(0, 16), ...minuteCols.map((k) => r.series[k]![i] ?? '')]))}
<h2>Definitions</h2>${table(['metric', 'definition'], METRIC_DEFINITIONS.map(([k, v]) => [k, v]))}
</body></html>`;
}
