// Login: paste the workspace's read token (printed by `npm start`); it is checked against the
// API, then remembered in this browser.
import { ApiError, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import type { Page } from '../page.ts';
import { saveToken } from '../token-store.ts';
import type { StreamHeader } from '../types.ts';

export function loginPage(onSignedIn: () => void, notice: string | null): Page {
  const input = h('input', {
    type: 'password', name: 'token', autocomplete: 'current-password', required: true, spellcheck: 'false',
    placeholder: 'kp_read_…', 'data-testid': 'token-input', 'aria-label': t('login.token'),
  });
  const error = h('p', { class: 'form-error', role: 'alert' }, notice ?? '');
  const button = h('button', { type: 'submit', class: 'btn-primary', 'data-testid': 'login' }, t('login.submit'));
  const form = h('form', { class: 'login-card' },
    h('h1', {}, t('login.title')),
    h('p', { class: 'muted' }, t('login.help')),
    h('label', { class: 'field' }, h('span', {}, t('login.token')), input),
    error,
    button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    error.textContent = '';
    try {
      await getJson<StreamHeader[]>('api/streams', token);
      saveToken(token);
      onSignedIn();
    } catch (err) {
      error.textContent = err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('login.refused') : t('login.unreachable');
    } finally {
      button.disabled = false;
    }
  });
  queueMicrotask(() => input.focus());
  return { el: h('div', { class: 'login' }, form), dispose() {} };
}
