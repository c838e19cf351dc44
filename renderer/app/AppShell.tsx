import { useState } from 'react';
import { JobHistory } from '../components/JobHistory';
import { JobProgress } from '../components/JobProgress';
import { pageHref, useRoute } from './router';
import { ROUTES, routeFor } from './routes';
import { useWorkbench } from './WorkbenchData';

/** The frame around every page: brand, navigation from the route table, connection banners, running jobs. */
export function AppShell() {
  const route = useRoute();
  const current = routeFor(route.path);
  const { jobs, connected, signedOut, datasetsError, watchedImport, role } = useWorkbench();
  const visibleRoutes = ROUTES.filter((entry) => !(entry.leadOnly && role === 'rater'));
  /** Failures of this session the user has read and closed. */
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const dismiss = (id: string) => setDismissed((previous) => new Set(previous).add(id));
  // Failures from before this page was opened are history (the Jobs menu), not banners on every page.
  const [openedAt] = useState(() => new Date().toISOString());
  const visibleJobs = [...jobs.values()].filter(
    (job) =>
      (job.state === 'running' || (job.state === 'failed' && (job.finishedAt ?? '') >= openedAt && !dismissed.has(job.id))) &&
      !(current.path === 'datasets' && job.id === watchedImport?.jobId),
  );
  const Page = current.page;
  return (
    <div className="app">
      <header className="appbar">
        <a className="brand" href={pageHref(ROUTES[0]!.path)} title="Relevance Workbench">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Relevance Workbench</span>
        </a>
        <nav className="tabs" aria-label="Pages">
          {visibleRoutes.map((entry) => (
            <a
              key={entry.path}
              href={pageHref(entry.path)}
              className={entry === current ? 'tab tab-active' : 'tab'}
              aria-current={entry === current ? 'page' : undefined}
            >
              {entry.title}
            </a>
          ))}
        </nav>
        <JobHistory jobs={[...jobs.values()]} />
      </header>
      {signedOut ? (
        <div className="banner banner-error banner-app" role="alert">
          This page has no key for this server: open the link that <code>relwb serve</code> printed (it signs this browser in), or
          your rater link.
        </div>
      ) : (
        <>
          {!connected && (
            <div className="banner banner-error banner-app" role="alert">
              Lost the connection to the backend. Retrying… (is <code>relwb serve</code> still running?)
            </div>
          )}
          {datasetsError && connected && (
            <div className="banner banner-error banner-app" role="alert">
              Could not reach the backend: {datasetsError}
            </div>
          )}
          {visibleJobs.length > 0 && <JobProgress jobs={visibleJobs} onDismiss={dismiss} />}
          {current.leadOnly && role === 'rater' ? (
            <main className="page">
              <div className="banner banner-error" role="alert" data-testid="lead-only">
                {current.title} is for leads: a rater's link opens Search, Tasks and Rate.
              </div>
            </main>
          ) : (
            <Page key={`${current.path}:${route.version}`} route={route} />
          )}
        </>
      )}
    </div>
  );
}
