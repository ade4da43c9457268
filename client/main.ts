// Dashboard entry: takes the token from the printed link, then routes the hash to a page inside
// the shell. A language switch re-renders the current page in place.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { whenUnauthorized } from './api.ts';
import { onLangChange, locale, t } from './i18n.ts';
import type { Page } from './page.ts';
import { attributionPage } from './pages/attribution-page.ts';
import { comparePage } from './pages/compare-page.ts';
import { loginPage } from './pages/login-page.ts';
import { reportPage } from './pages/report-page.ts';
import { streamPage } from './pages/stream-page.ts';
import { warRoomPage } from './pages/war-room-page.ts';
import { go, parseRoute, type Route } from './router.ts';
import { shell } from './shell.ts';
import { captureTokenFromHash, forgetToken, readToken } from './token-store.ts';

const root = document.getElementById('app')!;
let current: Page | null = null;
let notice: string | null = null;

function pageFor(route: Route): Page {
  switch (route.name) {
    case 'stream': return streamPage(route.id);
    case 'report': return reportPage(route.id);
    case 'attribution': return attributionPage(route.query);
    case 'compare': return comparePage(route.query);
    default: return warRoomPage();
  }
}

function render(): void {
  current?.dispose();
  current = null;
  document.documentElement.lang = locale();
  const signedIn = readToken() !== null;
  let route = parseRoute(location.hash);
  if (!signedIn) route = { name: 'login' };
  else if (route.name === 'login') route = { name: 'streams' };
  const frame = shell(route, { signedIn, onLogout: logout });
  current = route.name === 'login'
    ? loginPage(() => {
      notice = null;
      if (parseRoute(location.hash).name === 'login') go({ name: 'streams' });
      else render();
    }, notice)
    : pageFor(route);
  document.title = `${t(`title.${route.name}`)} · kolpulse`;
  frame.view.appendChild(current.el);
  root.replaceChildren(frame.el);
}

function logout(): void {
  forgetToken();
  notice = null;
  go({ name: 'login' });
  render();
}

captureTokenFromHash();
whenUnauthorized(() => {
  notice = t('login.expired');
  render();
});
window.addEventListener('hashchange', () => {
  captureTokenFromHash();
  render();
});
onLangChange(render);
render();
