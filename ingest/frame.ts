// One ingest frame or HTTP body (CONTRACT §3.1): a JSON array of events, `{seq, events}`, or
// NDJSON. Shape errors answer the whole frame; per-event errors are left to the event schema.
import { storableText } from './event-schema.js';

export const MAX_EVENTS_PER_FRAME = 5000;
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export type Frame = { ok: true; seq: number | null; events: unknown[] } | { ok: false; error: string };

const FRAME_SHAPE = 'frame must be a JSON array of events or {"seq": <integer>, "events": [...]}';

export function parseJsonFrame(text: string): Frame {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  return frameFromValue(body);
}

export function frameFromValue(body: unknown): Frame {
  let seq: number | null = null;
  let events: unknown;
  if (Array.isArray(body)) {
    events = body;
  } else if (typeof body === 'object' && body !== null) {
    const o = body as { seq?: unknown; events?: unknown };
    if (o.seq !== undefined && o.seq !== null) {
      if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq)) return { ok: false, error: 'seq must be an integer' };
      seq = o.seq;
    }
    events = o.events;
  } else {
    return { ok: false, error: FRAME_SHAPE };
  }
  if (!Array.isArray(events)) return { ok: false, error: FRAME_SHAPE };
  if (events.length > MAX_EVENTS_PER_FRAME) {
    return { ok: false, error: `too many events in one frame: ${events.length} > ${MAX_EVENTS_PER_FRAME}` };
  }
  return { ok: true, seq, events };
}

/** NDJSON: one event a line; a line that is not JSON becomes a per-event rejection, not a frame error. */
export function parseNdjson(text: string): Frame {
  const events: unknown[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    try {
      events.push(JSON.parse(trimmed));
    } catch (err) {
      // The parser quotes the line, NUL and all: the reason goes to the rejected log's text column.
      events.push(new InvalidLine(trimmed, storableText((err as Error).message)));
    }
    if (events.length > MAX_EVENTS_PER_FRAME) {
      return { ok: false, error: `too many events in one body: more than ${MAX_EVENTS_PER_FRAME}` };
    }
  }
  return { ok: true, seq: null, events };
}

/** An NDJSON line that did not parse; the ingest rejects it with `reason` and keeps `text`. */
export class InvalidLine {
  constructor(readonly text: string, readonly reason: string) {}
}
