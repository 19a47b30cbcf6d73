/** Path matching for the route tables: `:name` segments capture; a trailing slash is ignored (owners use one). */
import type { Route } from './http.js';

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route | undefined; params: Record<string, string> } {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.pattern.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((p, i) => {
      const s = segments[i]!;
      if (p.startsWith(':')) {
        params[p.slice(1)] = decodeURIComponent(s);
        return s !== '';
      }
      return p === s;
    });
    if (matched) return { route, params };
  }
  return { route: undefined, params: {} };
}
