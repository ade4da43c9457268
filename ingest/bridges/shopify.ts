// Shopify order webhooks → canonical events: `orders/create` → purchase, `refunds/create` → refund.
// The webhook's HMAC is checked first (base64 HMAC-SHA256 of the raw body with the app's secret).
// Mapped events are validated by the ingest like any other, so bad payloads land in the rejected log.
import crypto from 'node:crypto';
import { formatMajor, parseAmountMinor } from '../money.js';
import { events, idOf, ignored, objAt, textOf, type Mapped, type Obj, type WireEvent } from './bridge-common.js';

/** True when `hmacHeader` is the base64 HMAC-SHA256 of `rawBody` under `secret` (compared in constant time). */
export function verifyShopifyHmac(rawBody: Buffer, hmacHeader: string | undefined, secret: string): boolean {
  if (!hmacHeader || !secret) return false;
  const expected = crypto.createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(hmacHeader.trim(), 'base64');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export interface ShopifyContext {
  /** `X-Shopify-Webhook-Id`: the same on every redelivery of one webhook. */
  webhookId: string;
  /** The creator tracking code that `code` is, in the spelling the workspace knows, if any. */
  trackingCode: (code: string) => string | undefined;
}

/** note_attributes names read as the live room and the creator (case-insensitive). */
const STREAM_ATTRS = ['kolpulse_stream', 'stream_id', 'streamid', 'live_room'];
const REF_ATTRS = ['kolpulse_ref', 'creator', 'creator_code', 'ref'];
const USER_ATTRS = ['kolpulse_user', 'user_id', 'viewer_id'];

export function mapShopify(topic: string, payload: Obj, ctx: ShopifyContext): Mapped {
  if (topic === 'orders/create') return events(purchase(payload, ctx));
  if (topic === 'refunds/create') return refund(payload, ctx);
  return ignored(`topic ${topic || '(none)'} is not mapped`);
}

/** Shopify ids: the number (kept as a string), else the tail of `admin_graphql_api_id`. */
function shopifyId(o: Obj): string | undefined {
  return idOf(o.id) ?? (typeof o.admin_graphql_api_id === 'string' ? /\/(\d+)$/.exec(o.admin_graphql_api_id)?.[1] : undefined);
}

function noteAttribute(p: Obj, names: string[]): string | undefined {
  const list = Array.isArray(p.note_attributes) ? p.note_attributes : [];
  for (const a of list) {
    const { name, value } = objAt(a);
    if (typeof name === 'string' && names.includes(name.trim().toLowerCase())) {
      const v = textOf(typeof value === 'number' ? String(value) : value, 200);
      if (v) return v.trim();
    }
  }
  return undefined;
}

/** A query parameter of `landing_site` (a path or a full URL). */
function landingParam(p: Obj, name: string): string | undefined {
  if (typeof p.landing_site !== 'string' || p.landing_site === '') return undefined;
  try {
    return textOf(new URL(p.landing_site, 'https://shop.invalid').searchParams.get(name) ?? undefined, 200);
  } catch {
    return undefined;
  }
}

function discountRef(p: Obj, ctx: ShopifyContext): string | undefined {
  const codes = Array.isArray(p.discount_codes) ? p.discount_codes : [];
  for (const d of codes) {
    const code = textOf(objAt(d).code, 200)?.trim();
    const known = code && (ctx.trackingCode(code) ?? ctx.trackingCode(code.toUpperCase()) ?? ctx.trackingCode(code.toLowerCase()));
    if (known) return known;
  }
  return undefined;
}

/** The buyer: an id passed in note_attributes, the customer id, a hash of the e-mail, or the order. */
function buyer(p: Obj, orderId: string | undefined): string {
  const customer = objAt(p.customer);
  const email = textOf(p.email ?? customer.email, 320);
  return noteAttribute(p, USER_ATTRS) ?? shopifyId(customer)
    ?? (email ? `email:${crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}` : `shopify-guest:${orderId ?? 'unknown'}`);
}

function purchase(p: Obj, ctx: ShopifyContext): WireEvent {
  const orderId = shopifyId(p);
  const lines = (Array.isArray(p.line_items) ? p.line_items : []).map(objAt);
  const products = new Set(lines.map((l) => idOf(l.product_id)));
  const qty = lines.reduce((n, l) => n + (typeof l.quantity === 'number' && l.quantity > 0 ? l.quantity : 0), 0);
  const event: WireEvent = {
    id: orderId ? `shopify:order:${orderId}` : `shopify:webhook:${ctx.webhookId}`,
    type: 'purchase',
    ts: (p.processed_at ?? p.created_at) as string,
    orderId, userId: buyer(p, orderId), amount: p.total_price, currency: p.currency,
    shopifyWebhookId: ctx.webhookId,
  };
  const streamId = noteAttribute(p, STREAM_ATTRS) ?? landingParam(p, 'utm_campaign');
  const ref = noteAttribute(p, REF_ATTRS) ?? landingParam(p, 'utm_content') ?? discountRef(p, ctx);
  const [productId] = products;
  if (streamId) event.streamId = streamId;
  if (ref) event.ref = ref;
  if (products.size === 1 && productId) event.productId = productId;
  if (qty > 0) event.qty = qty;
  if (typeof p.financial_status === 'string') event.financialStatus = p.financial_status;
  return event;
}

/** Money returned: the successful `refund` transactions, summed exactly in minor units. */
function refund(p: Obj, ctx: ShopifyContext): Mapped {
  const refundId = shopifyId(p);
  const txs = (Array.isArray(p.transactions) ? p.transactions : []).map(objAt)
    .filter((t) => t.kind === 'refund' && (t.status === undefined || t.status === 'success'));
  if (txs.length === 0) return ignored('refund without a successful refund transaction (nothing paid back)');
  let minor = 0;
  let amount: unknown = undefined;
  for (const t of txs) {
    const m = typeof t.amount === 'string' || typeof t.amount === 'number' ? parseAmountMinor(t.amount) : 'required';
    if (typeof m === 'string') {
      amount = t.amount ?? null; // left as sent: the ingest rejects it with the reason
      break;
    }
    minor += m;
    amount = formatMajor(minor);
  }
  return events({
    id: refundId ? `shopify:refund:${refundId}` : `shopify:webhook:${ctx.webhookId}`,
    type: 'refund',
    ts: (p.processed_at ?? p.created_at) as string,
    orderId: idOf(p.order_id), amount, shopifyWebhookId: ctx.webhookId,
  });
}
