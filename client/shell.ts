// The frame around every page: brand, navigation, language switch and logout.
import { h } from './dom.ts';
import { lang, setLang, t, type Lang } from './i18n.ts';
import type { Route } from './router.ts';

const NAV: Array<{ name: Route['name']; label: 'nav.streams' | 'nav.attribution' | 'nav.compare'; href: string }> = [
  { name: 'streams', label: 'nav.streams', href: '#/streams' },
  { name: 'attribution', label: 'nav.attribution', href: '#/attribution' },
  { name: 'compare', label: 'nav.compare', href: '#/compare' },
];

export function shell(route: Route, opts: { signedIn: boolean; onLogout(): void }): { el: HTMLElement; view: HTMLElement } {
  const active = route.name === 'stream' || route.name === 'report' ? 'streams' : route.name;
  const language = h('select', { class: 'lang', 'aria-label': t('lang.label'), 'data-testid': 'lang' },
    h('option', { value: 'en', selected: lang() === 'en' }, 'English'),
    h('option', { value: 'zh', selected: lang() === 'zh' }, '简体中文'));
  language.addEventListener('change', () => setLang(language.value as Lang));
  const nav = opts.signedIn
    ? h('nav', { class: 'nav', 'aria-label': t('nav.label') }, NAV.map((n) =>
      h('a', { href: n.href, class: n.name === active ? 'active' : '', 'aria-current': n.name === active ? 'page' : null }, t(n.label))))
    : null;
  const logout = opts.signedIn
    ? h('button', { type: 'button', class: 'btn-ghost', 'data-testid': 'logout', onclick: () => opts.onLogout() }, t('nav.logout'))
    : null;
  const header = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/streams' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'kolpulse'),
    nav,
    h('div', { class: 'topbar-tools' }, language, logout));
  const view = h('main', { class: 'view', id: 'view' });
  return { el: h('div', { class: 'app' }, header, view), view };
}
