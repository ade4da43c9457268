// The dashboard's two languages: English and 简体中文, chosen by the user and remembered; the
// first visit follows the browser. Every label goes through t(); numbers and times follow the
// same choice (format.ts).
import { EN, type MessageKey } from './messages-en.ts';
import { ZH } from './messages-zh.ts';

export type { MessageKey };

export type Lang = 'en' | 'zh';
const KEY = 'kolpulse.lang';
const TABLES: Record<Lang, Record<MessageKey, string>> = { en: EN, zh: ZH };

function initial(): Lang {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch { /* storage blocked */ }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let current: Lang = initial();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

/** The BCP 47 tag for Intl and for <html lang>. */
export function locale(): string {
  return current === 'zh' ? 'zh-CN' : 'en';
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch { /* storage blocked */ }
  document.documentElement.lang = locale();
  for (const fn of listeners) fn();
}

export function onLangChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The label `key`, with `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = TABLES[current][key] ?? EN[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A signal's label (known ones translated, others shown by name). */
export function signalLabel(signal: string): string {
  const key = `signal.${signal}` as MessageKey;
  return key in EN ? t(key) : signal.replace(/_/g, ' ');
}

/** An attribution model's label. */
export function modelLabel(model: string): string {
  const key = `model.${model}` as MessageKey;
  return key in EN ? t(key) : model;
}
