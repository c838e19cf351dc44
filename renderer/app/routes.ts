import type { ComponentType } from 'react';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { RatePage } from '../pages/rate/RatePage';
import { SearchPage } from '../pages/search/SearchPage';
import { VariantsPage } from '../pages/variants/VariantsPage';
import type { Route } from './router';

export interface PageProps {
  route: Route;
}

export interface RouteEntry {
  path: string;
  title: string;
  page: ComponentType<PageProps>;
}

/** Every screen, in navigation order; the first is where an unknown address lands. */
export const ROUTES: readonly RouteEntry[] = [
  { path: 'search', title: 'Search', page: SearchPage },
  { path: 'variants', title: 'Variants', page: VariantsPage },
  { path: 'datasets', title: 'Datasets', page: DatasetsPage },
  { path: 'rate', title: 'Rate', page: RatePage },
];

export function routeFor(path: string): RouteEntry {
  return ROUTES.find((entry) => entry.path === path) ?? ROUTES[0]!;
}
