import { useEffect, useState } from 'react';
import { useApi } from '../../api/useApi';
import { replaceRoute } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { AgreementFigures } from './AgreementFigures';
import { DisagreedPairs } from './DisagreedPairs';
import { ProgressTables } from './ProgressTables';
import './agreement.css';

/** A rating task's progress, how far its raters agree, and the pairs a lead should adjudicate (`#/agreement?task=…`). */
export function AgreementPage({ route: { params } }: PageProps) {
  const tasks = useApi('tasks.list', {}, { topics: ['tasks'] });
  const [wanted, setWanted] = useState(() => Number(params.get('task')) || null);
  const task = tasks.data?.find((candidate) => candidate.id === wanted) ?? tasks.data?.[tasks.data.length - 1];
  const enabled = task !== undefined;
  const topics = ['judgments', 'tasks'] as const;
  const progress = useApi('tasks.progress', { task: task?.id ?? 0 }, { topics, enabled });
  const agreement = useApi('tasks.agreement', { task: task?.id ?? 0 }, { topics, enabled });

  useEffect(() => {
    if (task) replaceRoute('agreement', { task: String(task.id) });
  }, [task]);

  const error = tasks.error ?? progress.error ?? agreement.error;
  return (
    <main className="page agreement-page">
      <div className="section-head">
        <h2>Agreement</h2>
        <label className="picker">
          Task
          <select aria-label="Task" value={task?.id ?? ''} onChange={(event) => setWanted(Number(event.target.value))} disabled={!tasks.data?.length}>
            {tasks.data?.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.dataset})
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {tasks.data?.length === 0 && <p className="empty">No rating tasks yet: create one, let raters label, and their agreement shows here.</p>}
      {task && progress.data?.task.id === task.id && <ProgressTables progress={progress.data} />}
      {task && agreement.data?.task.id === task.id && (
        <>
          <AgreementFigures agreement={agreement.data} />
          <DisagreedPairs agreement={agreement.data} />
        </>
      )}
    </main>
  );
}
