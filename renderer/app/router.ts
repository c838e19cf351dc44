import { useEffect, useState } from 'react';

/**
 * The page and its state live in the URL hash (`#/search?dataset=…&variant=…&q=…`), so a reload, a
 * bookmark or a shared link brings the user back to the same view. Hash routing works the same under
 * `relwb serve` and under Electron's file:// page. Which pages exist is the route table's business.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
  /** Counts hash changes from outside the page's own state (links, back/forward, an edited address). */
  version: number;
}

export type Params = Record<string, string | null | undefined>;

export function parseRoute(hash: string, version = 0): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { path, params: new URLSearchParams(query), version };
}

export function routeHash(path: string, params?: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) query.set(key, value);
  const rendered = query.toString();
  return `#/${path}${rendered ? `?${rendered}` : ''}`;
}

/** Each page's last state, so leaving it for another page and coming back keeps e.g. the query. */
const lastParams = new Map<string, Params>();

/** Where a tab or link to `path` goes: the page's last state, overridden by `params`. */
export function pageHref(path: string, params?: Params): string {
  return routeHash(path, { ...lastParams.get(path), ...params });
}

/** Goes to another page: a new history entry, so Back returns to the previous page. */
export function navigate(path: string, params?: Params): void {
  window.location.hash = pageHref(path, params);
}

/** Records state that changes as the user types or picks; replaces the entry instead of adding one per keystroke. */
export function replaceRoute(path: string, params: Params): void {
  lastParams.set(path, { ...params });
  const hash = routeHash(path, params);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

/** The current route, updated on back/forward and on links that change the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    // replaceRoute does not fire hashchange, so this hears only changes the page did not make itself.
    const onChange = () => setRoute((previous) => parseRoute(window.location.hash, previous.version + 1));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
