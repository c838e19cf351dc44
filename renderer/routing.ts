import { useEffect, useState } from 'react';

/**
 * The page and the search state live in the URL hash (`#/search?dataset=…&variant=…&q=…`), so a reload,
 * a bookmark or a shared link brings the user back to the same view. Hash routing works the same under
 * `relwb serve` and under Electron's file:// page.
 */
export const PAGES = ['search', 'variants', 'datasets'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  params: URLSearchParams;
  /** Counts hash changes from outside the page's own state (links, back/forward, an edited address). */
  version: number;
}

const isPage = (name: string): name is Page => (PAGES as readonly string[]).includes(name);

export function parseRoute(hash: string, version = 0): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { page: isPage(path) ? path : 'search', params: new URLSearchParams(query), version };
}

export function routeHash(page: Page, params?: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) query.set(key, value);
  const rendered = query.toString();
  return `#/${page}${rendered ? `?${rendered}` : ''}`;
}

type Params = Record<string, string | null | undefined>;

/** The search page's last state, so leaving it for another page and coming back keeps the query. */
let lastSearch: Params = {};

/** Where a tab or link to `page` goes: the search page keeps its last dataset, ranker and query. */
export function pageHref(page: Page, params?: Params): string {
  return routeHash(page, page === 'search' ? { ...lastSearch, ...params } : params);
}

/** Goes to another page: a new history entry, so Back returns to the previous page. */
export function navigate(page: Page, params?: Params): void {
  window.location.hash = pageHref(page, params);
}

/** Records state that changes as the user types or picks; replaces the entry instead of adding one per keystroke. */
export function replaceRoute(page: Page, params: Params): void {
  if (page === 'search') lastSearch = { ...params };
  const hash = routeHash(page, params);
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
