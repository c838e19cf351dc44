import { useEffect, useState } from 'react';
import { errorMessage, invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { replaceRoute } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { useWorkbench } from '../../app/WorkbenchData';
import { CreateQuerySetForm } from './CreateQuerySetForm';
import { QuerySetQueries } from './QuerySetQueries';
import { QuerySetTable } from './QuerySetTable';
import './query-sets.css';

/** A dataset's query sets: list, create (also by sampling a query log), view, copy and delete. */
export function QuerySetsPage({ route: { params } }: PageProps) {
  const { datasets } = useWorkbench();
  // The user's choice, kept while the dataset list is still loading; the demo with a bundled log comes first otherwise.
  const [wanted, setWanted] = useState(() => params.get('dataset') ?? '');
  const [selected, setSelected] = useState<number | null>(() => Number(params.get('set')) || null);
  const dataset = datasets?.find((candidate) => candidate.name === wanted)?.name ?? (datasets?.find((candidate) => candidate.layout === 'grid') ?? datasets?.[0])?.name ?? '';
  const sets = useApi('querySets.list', { dataset }, { enabled: dataset !== '', topics: ['query-sets'] });
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  useEffect(() => {
    replaceRoute('query-sets', { dataset: wanted || dataset, set: selected === null ? null : String(selected) });
  }, [wanted, dataset, selected]);

  const show = (next: { dataset: string; set: number | null }) => {
    setWanted(next.dataset);
    setSelected(next.set);
  };
  const copy = (id: number, name: string) =>
    invoke('querySets.copy', { id, name }).then(
      (created) => {
        setNotice({ kind: 'ok', text: `Copied to ${created.name}.` });
        show({ dataset, set: created.id });
      },
      (error: unknown) => {
        setNotice({ kind: 'error', text: `Could not copy: ${errorMessage(error)}` });
        throw error;
      },
    );
  const remove = (id: number) =>
    invoke('querySets.delete', { id }).then(
      () => {
        setNotice({ kind: 'ok', text: 'Deleted the query set.' });
        if (selected === id) show({ dataset, set: null });
      },
      (error: unknown) => {
        setNotice({ kind: 'error', text: `Could not delete: ${errorMessage(error)}` });
        throw error;
      },
    );
  const current = sets.data?.find((set) => set.id === selected);

  return (
    <main className="page query-sets-page">
      <div className="section-head">
        <h2>Query sets</h2>
        <label className="picker">
          <span>Dataset</span>
          <select aria-label="Dataset" value={dataset} disabled={!datasets?.length} onChange={(event) => show({ dataset: event.target.value, set: null })}>
            {datasets?.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {sets.error && (
        <div className="banner banner-error" role="alert">
          {sets.error}
        </div>
      )}
      {dataset && <QuerySetTable sets={sets.data} selected={selected} onView={(id) => show({ dataset, set: id })} onCopy={copy} onDelete={remove} />}
      {notice && (
        <div className={notice.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="query-sets-notice">
          {notice.text}
        </div>
      )}
      {current && <QuerySetQueries set={current} />}
      {dataset && (
        <section aria-labelledby="new-set-heading" className="new-set">
          <h2 id="new-set-heading">New query set</h2>
          <CreateQuerySetForm
            key={dataset}
            dataset={dataset}
            onCreated={(created) => {
              setNotice({ kind: 'ok', text: `Created ${created.name}: ${created.queryCount} queries.` });
              show({ dataset, set: created.id });
            }}
          />
        </section>
      )}
    </main>
  );
}
