// The read API, with the remembered token. A 401/403 means the token is gone or wrong: the
// caller is sent back to the login page.
import { forgetToken, readToken } from './token-store.ts';
import type { AttributionResult, ChatComment, CompareResult, SeriesColumns, StreamHeader, StreamReport, StreamSummary, SuspectOrder } from './types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Set by main.ts: what to do when the server refuses the token. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

export async function getJson<T>(path: string, token = readToken(), signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal });
  if (res.status === 401 || res.status === 403) {
    if (token === readToken()) {
      forgetToken();
      onUnauthorized();
    }
    throw new ApiError(res.status, 'unauthorized');
  }
  if (!res.ok) {
    let message = `${res.status}`;
    try {
      message = ((await res.json()) as { error?: string }).error ?? message;
    } catch { /* not JSON */ }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

const enc = encodeURIComponent;
const query = (q: Record<string, string | number | undefined>) =>
  Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${enc(String(v))}`).join('&');

export const api = {
  streams: (signal?: AbortSignal) => getJson<StreamHeader[]>('api/streams', undefined, signal),
  summary: (id: string) => getJson<StreamSummary>(`api/streams/${enc(id)}/summary`),
  series: (id: string, step = 60) => getJson<SeriesColumns>(`api/streams/${enc(id)}/series?step=${step}`),
  report: (id: string) => getJson<StreamReport>(`api/streams/${enc(id)}/report?format=json`),
  suspectOrders: (id: string) => getJson<SuspectOrder[]>(`api/streams/${enc(id)}/suspect-orders`),
  chat: (id: string, limit = 50) => getJson<{ comments: ChatComment[] }>(`api/streams/${enc(id)}/chat?limit=${limit}`),
  attribution: (q: { model: string; from: number; to: number; window?: number; halfLife?: number }) =>
    getJson<AttributionResult>(`api/attribution?${query(q)}`),
  compare: (from: number, to: number) => getJson<CompareResult>(`api/compare?${query({ by: 'tier', from, to })}`),
};

/** A link that opens or downloads a report in the browser (the token rides in the query). */
export function reportUrl(id: string, format: 'json' | 'csv' | 'html'): string {
  return `api/streams/${enc(id)}/report?${query({ format, token: readToken() ?? '' })}`;
}

/** The WebSocket address of /live, for one stream or (null) the whole workspace. */
export function liveUrl(streamId: string | null): string {
  const url = new URL(`live?${query({ token: readToken() ?? '', streamId: streamId ?? undefined })}`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}
