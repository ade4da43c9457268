// The deployment's reporting currency. Attribution and comparison answers carry none, so it is
// read from the first stream summary seen (every summary says it) and cached.
import { api } from './api.ts';

let known: string | null = null;
let pending: Promise<string> | null = null;

export function noteCurrency(c: string): void {
  known = c;
}

export function workspaceCurrency(): Promise<string> {
  if (known) return Promise.resolve(known);
  pending ??= api.streams()
    .then(async (list) => (list[0] ? (await api.summary(list[0].streamId)).currency : 'CNY'))
    .then((c) => (known = c), () => 'CNY')
    .finally(() => { pending = null; });
  return pending;
}
