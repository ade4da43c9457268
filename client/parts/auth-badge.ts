// The authenticity badge: green from 70, amber below 70 (look before trusting), red below 50.
import { h } from '../dom.ts';
import { t } from '../i18n.ts';

export function authLevel(score: number): 'ok' | 'warn' | 'bad' {
  return score < 50 ? 'bad' : score < 70 ? 'warn' : 'ok';
}

export function authBadge(score: number): HTMLElement {
  const el = h('span', { class: 'badge', 'data-testid': 'auth-badge' });
  updateAuthBadge(el, score);
  return el;
}

export function updateAuthBadge(el: HTMLElement, score: number): void {
  const level = authLevel(score);
  el.className = `badge badge-${level}`;
  el.dataset.level = level;
  el.textContent = `${t('auth.short')} ${Math.round(score)}`;
  el.title = t(`auth.level.${level}`);
}
