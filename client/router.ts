// Hash routes: #/streams, #/stream/<id>, #/attribution, #/compare, #/report/<id>, #/login.
// A route may carry its own query (#/attribution?model=linear), kept in the address for sharing.

export type Route =
  | { name: 'streams' }
  | { name: 'stream'; id: string }
  | { name: 'attribution'; query: URLSearchParams }
  | { name: 'compare'; query: URLSearchParams }
  | { name: 'report'; id: string }
  | { name: 'login' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const [head = '', ...rest] = pathPart.split('/');
  const id = rest.length ? decodeURIComponent(rest.join('/')) : '';
  const query = new URLSearchParams(queryPart);
  switch (head) {
    case 'stream': return id ? { name: 'stream', id } : { name: 'streams' };
    case 'report': return id ? { name: 'report', id } : { name: 'streams' };
    case 'attribution': return { name: 'attribution', query };
    case 'compare': return { name: 'compare', query };
    case 'login': return { name: 'login' };
    default: return { name: 'streams' };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'stream': return `#/stream/${encodeURIComponent(route.id)}`;
    case 'report': return `#/report/${encodeURIComponent(route.id)}`;
    case 'attribution':
    case 'compare': {
      const q = route.query.toString();
      return `#/${route.name}${q ? `?${q}` : ''}`;
    }
    default: return `#/${route.name}`;
  }
}

export function go(route: Route): void {
  location.hash = href(route);
}

/** Rewrites the address without navigating (a page recording its own state). */
export function remember(route: Route): void {
  history.replaceState(null, '', href(route));
}
