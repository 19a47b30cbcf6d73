/**
 * Path matching for the route tables: `:name` segments capture; a trailing slash is ignored. v1 answers under
 * both `/v1/...` and `/api/v1/...` (pipedrive-api.md §1), so `/api/v1` is folded onto `/v1` before matching;
 * v2 exists only under `/api/v2`, so `/v2/...` matches nothing (404).
 */
import type { Route } from './http.js';

/** The path a route table knows: `/api/v1/x` -> `/v1/x`, trailing slashes dropped. */
export function canonicalPath(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return path.startsWith('/api/v1/') ? path.slice(4) : path;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route | undefined; params: Record<string, string> } {
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
