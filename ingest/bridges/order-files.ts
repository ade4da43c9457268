// Exported order files → purchases and refunds. Three formats: a Douyin shop (抖店) export, a
// TikTok Shop Seller Center export, and kolpulse's documented generic CSV. Columns are found by
// header name; ids derive from the order id, so importing a file again only adds duplicates.
import { epochMs, events, ignored, malformed, type Mapped, type WireEvent } from './bridge-common.js';
import { formatMajor, parseAmountMinor } from '../money.js';

export const ORDER_FORMATS = ['douyin', 'tiktok-shop', 'generic'] as const;
export type OrderFormat = (typeof ORDER_FORMATS)[number];

export interface OrderFileOptions {
  /** Currency of the amounts when the file does not say (Douyin is always CNY). */
  currency: string;
  /** Offset of times written without one, such as `+08:00`. */
  tzOffset: string;
}

/** One mapped order, tagged with the line where its first row starts. */
export interface MappedRow { line: number; mapped: Mapped }

export interface OrderFileMapper {
  /** Maps a data row; may hold it back while the next rows belong to the same order. */
  row(fields: string[], line: number): MappedRow[];
  end(): MappedRow[];
}

type Col = (fields: string[]) => string;

/** Column lookup by any of `names` (case- and space-insensitive); `''` when the file has none. */
function columns(header: string[]) {
  const norm = (s: string) => s.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s_]+/g, ' ');
  const index = new Map(header.map((h, i) => [norm(h), i] as const));
  return (...names: string[]): Col | null => {
    for (const name of names) {
      const i = index.get(norm(name));
      // Shop exports pad ids with a tab or a quote so spreadsheets keep every digit.
      if (i !== undefined) return (f) => (f[i] ?? '').replace(/^[\s'`]+|[\s'`]+$/g, '');
    }
    return null;
  };
}

const none: Col = () => '';

/** ms since epoch from epoch s/ms, ISO-8601, `YYYY-MM-DD HH:mm[:ss]` or `MM/DD/YYYY hh:mm[:ss] [AM|PM]`. */
export function parseTime(text: string, tzOffset: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d+$/.test(t)) return epochMs(t);
  const pad = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    const ms = Date.parse(`${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}${m[7] ?? ''}${m[8] ?? tzOffset}`);
    return Number.isFinite(ms) ? ms : undefined;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(t);
  if (!m) return undefined;
  let hour = Number(m[4] ?? 0);
  if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
  const ms = Date.parse(`${m[3]}-${pad(m[1])}-${pad(m[2])}T${pad(String(hour))}:${pad(m[5])}:${pad(m[6])}${tzOffset}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A money text in major units (`USD 1,234.50`, `$12.99`, `12.99`) to minor units, or a reason. */
export function moneyMinor(text: string): number | string {
  const t = text.replace(/^[A-Za-z]{3}\s*|[^\d.,-]/g, '').replace(/,(?=\d{3}(\D|$))/g, '');
  return t === '' ? 'is not an amount' : parseAmountMinor(t);
}

/** An order as the formats have it, before it becomes a purchase and maybe a refund. */
interface Order {
  prefix: string;
  orderId: string;
  userId: string;
  minor: number;
  refundMinor: number;
  currency: string;
  ts: number;
  refundTs: number;
  streamId?: string;
  productId?: string;
  qty?: number;
  ref?: string;
}

function orderEvents(o: Order): Mapped {
  const purchase: WireEvent = { id: `${o.prefix}:${o.orderId}`, type: 'purchase', ts: o.ts, orderId: o.orderId, userId: o.userId, amount: formatMajor(o.minor), currency: o.currency };
  for (const k of ['streamId', 'productId', 'qty', 'ref'] as const) if (o[k] !== undefined && o[k] !== '') purchase[k] = o[k];
  if (o.refundMinor <= 0) return events(purchase);
  const refund: WireEvent = { id: `${o.prefix}:${o.orderId}:refund`, type: 'refund', ts: o.refundTs, orderId: o.orderId, amount: formatMajor(Math.min(o.refundMinor, o.minor)) };
  return events(purchase, refund);
}

const DOUYIN_PAID = new Set(['2', '3', '5', '101', '105', '已支付', '备货中', '待发货', '部分发货', '已发货', '已完成', '已收货', '交易成功']);
const DOUYIN_UNPAID = new Set(['1', '待支付', '待付款', '待确认']);
const DOUYIN_CANCELLED = new Set(['4', '已取消', '已关闭', '交易关闭']);
const DOUYIN_REFUNDED = new Set(['已退款', '退款成功', '售后完成']);

function douyinMapper(col: ReturnType<typeof columns>): OrderFileMapper | string {
  const orderId = col('order_id', '订单编号', '主订单编号', '订单号');
  const pay = col('pay_amount', '实付金额(分)');
  const createTime = col('create_time', '下单时间', '订单提交时间');
  const payTime = col('pay_time', '支付时间', '支付完成时间');
  if (!orderId || !pay || !(createTime || payTime)) return 'douyin: needs the columns order_id, pay_amount (fen) and pay_time or create_time';
  const c = {
    status: col('order_status', '订单状态') ?? none, room: col('room_id', '直播间id') ?? none, author: col('author_id', '达人id', '作者id') ?? none,
    buyer: col('doudian_open_id', 'buyer_id', 'user_id', '买家id') ?? none, product: col('product_id', '商品id') ?? none,
    qty: col('item_num', '商品数量') ?? none, refund: col('refund_amount', '退款金额(分)') ?? none,
    created: createTime ?? none, paid: payTime ?? none,
  };
  const one = (f: string[], line: number): MappedRow => {
    const id = orderId(f);
    if (!id) return { line, mapped: malformed('order_id: required') };
    const fen = /^\d+$/.test(pay(f)) ? Number(pay(f)) : NaN;
    if (!Number.isSafeInteger(fen)) return { line, mapped: malformed(`pay_amount: "${pay(f)}" is not an amount in fen (an integer)`) };
    const status = c.status(f);
    const paidAt = parseTime(c.paid(f), '+08:00');
    const ts = paidAt ?? parseTime(c.created(f), '+08:00');
    if (ts === undefined) return { line, mapped: malformed(`pay_time/create_time: "${c.paid(f) || c.created(f)}" is not a time`) };
    const cancelled = DOUYIN_CANCELLED.has(status);
    if (DOUYIN_UNPAID.has(status) || (cancelled && paidAt === undefined)) return { line, mapped: ignored('not paid') };
    if (status !== '' && !cancelled && !DOUYIN_PAID.has(status) && !DOUYIN_REFUNDED.has(status)) return { line, mapped: malformed(`order_status: unknown status "${status}"`) };
    const refundFen = /^\d+$/.test(c.refund(f)) ? Number(c.refund(f)) : 0;
    const fullRefund = cancelled || DOUYIN_REFUNDED.has(status);
    const qty = Number(c.qty(f));
    return {
      line,
      mapped: orderEvents({
        prefix: 'douyin-order', orderId: id, userId: c.buyer(f) || `douyin-buyer:${id}`, minor: fen, currency: 'CNY', ts, refundTs: ts,
        refundMinor: fullRefund && refundFen === 0 ? fen : refundFen,
        streamId: c.room(f) || undefined, ref: c.author(f) || undefined, productId: c.product(f) || undefined,
        qty: Number.isSafeInteger(qty) && qty > 0 ? qty : undefined,
      }),
    };
  };
  return { row: (f, line) => [one(f, line)], end: () => [] };
}

const TTS_UNPAID = new Set(['unpaid', 'awaiting payment']);
const TTS_CANCELLED = new Set(['cancelled', 'canceled']);

/** TikTok Shop exports one row per SKU: adjacent rows of one Order ID are one order. */
function tiktokShopMapper(col: ReturnType<typeof columns>, opts: OrderFileOptions): OrderFileMapper | string {
  const orderId = col('Order ID');
  const amount = col('Order Amount');
  const created = col('Created Time');
  if (!orderId || !amount || !created) return 'tiktok-shop: needs the columns Order ID, Order Amount and Created Time';
  const c = {
    status: col('Order Status') ?? none, paid: col('Paid Time') ?? none, cancelledAt: col('Cancelled Time') ?? none,
    refund: col('Order Refund Amount') ?? none, qty: col('Quantity') ?? none, product: col('Product ID', 'SKU ID') ?? none,
    buyer: col('Buyer Username', 'Buyer ID') ?? none, live: col('Live ID', 'Room ID', 'Livestream ID') ?? none,
    creator: col('Creator Username', 'Creator ID') ?? none,
  };
  let held: { line: number; rows: string[][] } | null = null;
  const order = (line: number, rows: string[][]): MappedRow => {
    const f = rows[0]!;
    const id = orderId(f);
    const status = c.status(f).toLowerCase();
    const paidAt = parseTime(c.paid(f), opts.tzOffset);
    const ts = paidAt ?? parseTime(created(f), opts.tzOffset);
    const minor = moneyMinor(amount(f));
    if (typeof minor === 'string') return { line, mapped: malformed(`Order Amount: "${amount(f)}" ${minor}`) };
    if (ts === undefined) return { line, mapped: malformed(`Paid Time/Created Time: "${c.paid(f) || created(f)}" is not a time`) };
    const cancelled = TTS_CANCELLED.has(status);
    if (TTS_UNPAID.has(status) || (cancelled && paidAt === undefined)) return { line, mapped: ignored('not paid') };
    const refund = c.refund(f) === '' ? 0 : moneyMinor(c.refund(f));
    if (typeof refund === 'string') return { line, mapped: malformed(`Order Refund Amount: "${c.refund(f)}" ${refund}`) };
    const products = new Set(rows.map((r) => c.product(r)));
    const qty = rows.reduce((n, r) => n + (Number(c.qty(r)) || 0), 0);
    const buyer = c.buyer(f);
    return {
      line,
      mapped: orderEvents({
        prefix: 'tiktok-shop-order', orderId: id, userId: buyer || `tiktok-shop-buyer:${id}`, minor, currency: opts.currency, ts,
        refundMinor: cancelled && refund === 0 ? minor : refund, refundTs: parseTime(c.cancelledAt(f), opts.tzOffset) ?? ts,
        streamId: c.live(f) || undefined, ref: c.creator(f) || undefined,
        productId: products.size === 1 ? [...products][0] || undefined : undefined, qty: qty > 0 ? qty : undefined,
      }),
    };
  };
  const release = (): MappedRow[] => {
    const h = held;
    held = null;
    return h ? [order(h.line, h.rows)] : [];
  };
  return {
    row(f, line) {
      if (!orderId(f)) return [...release(), { line, mapped: malformed('Order ID: required') }];
      if (held && orderId(held.rows[0]!) === orderId(f)) {
        held.rows.push(f);
        return [];
      }
      const out = release();
      held = { line, rows: [f] };
      return out;
    },
    end: release,
  };
}

function genericMapper(col: ReturnType<typeof columns>, opts: OrderFileOptions): OrderFileMapper | string {
  const orderId = col('order_id');
  const amount = col('amount');
  const time = col('ts');
  if (!orderId || !amount || !time) return 'generic: needs the columns order_id, amount and ts';
  const c = {
    type: col('type') ?? none, id: col('id') ?? none, user: col('user_id') ?? none, currency: col('currency') ?? none,
    stream: col('stream_id') ?? none, product: col('product_id') ?? none, qty: col('qty') ?? none, ref: col('ref') ?? none,
  };
  const one = (f: string[], line: number): MappedRow => {
    const type = c.type(f) || 'purchase';
    const ts = parseTime(time(f), opts.tzOffset);
    if (type !== 'purchase' && type !== 'refund') return { line, mapped: malformed(`type: must be purchase or refund, got "${type}"`) };
    if (ts === undefined) return { line, mapped: malformed(`ts: "${time(f)}" is not a time`) };
    const base = { ts, orderId: orderId(f), amount: amount(f) };
    if (type === 'refund') {
      return { line, mapped: events({ ...base, id: c.id(f) || `generic-refund:${orderId(f)}:${ts}:${amount(f)}`, type: 'refund' }) };
    }
    const event: WireEvent = { ...base, id: c.id(f) || `generic-order:${orderId(f)}`, type: 'purchase', currency: c.currency(f) || opts.currency };
    if (c.user(f)) event.userId = c.user(f);
    const qty = Number(c.qty(f));
    if (c.stream(f)) event.streamId = c.stream(f);
    if (c.product(f)) event.productId = c.product(f);
    if (c.ref(f)) event.ref = c.ref(f);
    if (c.qty(f) !== '') event.qty = Number.isSafeInteger(qty) ? qty : c.qty(f);
    return { line, mapped: events(event) };
  };
  return { row: (f, line) => [one(f, line)], end: () => [] };
}

/** The mapper for a file's header row, or what is missing from it. */
export function orderFileMapper(format: OrderFormat, header: string[], opts: OrderFileOptions): OrderFileMapper | string {
  const col = columns(header);
  if (format === 'douyin') return douyinMapper(col);
  if (format === 'tiktok-shop') return tiktokShopMapper(col, opts);
  return genericMapper(col, opts);
}
