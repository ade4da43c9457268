// The read token: taken from the printed link (#token=…), remembered in localStorage, and
// cleared from the address bar so it does not linger in history or screenshots.
const KEY = 'kolpulse.token';

export function captureTokenFromHash(): void {
  const hash = location.hash.replace(/^#\/?/, '');
  const params = new URLSearchParams(hash.includes('=') && !hash.startsWith('/') ? hash : '');
  const token = params.get('token');
  if (!token) return;
  saveToken(token);
  history.replaceState(null, '', `${location.pathname}${location.search}#/streams`);
}

export function readToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  localStorage.setItem(KEY, token.trim());
}

export function forgetToken(): void {
  localStorage.removeItem(KEY);
}
