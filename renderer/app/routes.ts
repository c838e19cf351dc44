import type { ComponentType } from 'react';
import { AgreementPage } from '../pages/agreement/AgreementPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { JudgmentsPage } from '../pages/judgments/JudgmentsPage';
import { QuerySetsPage } from '../pages/query-sets/QuerySetsPage';
import { RatePage } from '../pages/rate/RatePage';
import { RatersPage } from '../pages/raters/RatersPage';
import { SearchPage } from '../pages/search/SearchPage';
import { SideBySidePage } from '../pages/side-by-side/SideBySidePage';
import { TasksPage } from '../pages/tasks/TasksPage';
import { TrainingPage } from '../pages/training/TrainingPage';
import { VariantsPage } from '../pages/variants/VariantsPage';
import type { Route } from './router';

export interface PageProps {
  route: Route;
}

export interface RouteEntry {
  path: string;
  title: string;
  page: ComponentType<PageProps>;
  /** Every call the page makes needs a lead: raters do not get the tab, and see why if they open the address. */
  leadOnly?: true;
}

/** Every screen, in navigation order; the first is where an unknown address lands. */
export const ROUTES: readonly RouteEntry[] = [
  { path: 'search', title: 'Search', page: SearchPage },
  { path: 'variants', title: 'Variants', page: VariantsPage },
  { path: 'datasets', title: 'Datasets', page: DatasetsPage },
  { path: 'query-sets', title: 'Query sets', page: QuerySetsPage, leadOnly: true },
  { path: 'tasks', title: 'Tasks', page: TasksPage },
  { path: 'rate', title: 'Rate', page: RatePage },
  { path: 'agreement', title: 'Agreement', page: AgreementPage, leadOnly: true },
  { path: 'side-by-side', title: 'Side by side', page: SideBySidePage },
  { path: 'dashboard', title: 'Dashboard', page: DashboardPage, leadOnly: true },
  { path: 'judgments', title: 'Judgments', page: JudgmentsPage, leadOnly: true },
  { path: 'training', title: 'Training', page: TrainingPage, leadOnly: true },
  { path: 'raters', title: 'Raters', page: RatersPage, leadOnly: true },
];

export function routeFor(path: string): RouteEntry {
  return ROUTES.find((entry) => entry.path === path) ?? ROUTES[0]!;
}
