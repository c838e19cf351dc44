import { useState } from 'react';
import type { ArgsOf, TaskSummary } from '../../../core/api/contract';
import { invoke } from '../../api/client';
import { useApi } from '../../api/useApi';
import { routeHash } from '../../app/router';
import { useWorkbench } from '../../app/WorkbenchData';
import { NewTaskForm } from './NewTaskForm';
import { TaskTable } from './TaskTable';
import './tasks.css';

/** The lead's rating tasks and the form that pools a new one. */
export function TasksPage() {
  const tasks = useApi('tasks.list', {}, { topics: ['tasks'] });
  // Only a lead may pool a task; a rater's link shows the list alone.
  const isLead = useWorkbench().role === 'lead';
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<TaskSummary | null>(null);

  const create = async (args: ArgsOf<'tasks.create'>) => {
    const task = await invoke('tasks.create', args);
    setCreated(task);
    setFormOpen(false);
    return task;
  };

  return (
    <main className="page tasks-page">
      <section aria-labelledby="tasks-heading">
        <div className="section-head">
          <h2 id="tasks-heading">Rating tasks</h2>
          {isLead && !formOpen && (
            <button
              type="button"
              className="primary-button"
              onClick={() => {
                setCreated(null);
                setFormOpen(true);
              }}
            >
              New task
            </button>
          )}
        </div>
        {tasks.error && (
          <div className="banner banner-error" role="alert" data-testid="tasks-error">
            Could not load the tasks: {tasks.error}
          </div>
        )}
        {created && (
          <div className="banner banner-ok" role="status" data-testid="task-created">
            Created “{created.name}”: {created.pairCount.toLocaleString()} pairs to rate
            {created.spec.reusedPairs > 0 && `, ${created.spec.reusedPairs.toLocaleString()} already judged and reused`}.{' '}
            <a href={routeHash('rate', { task: String(created.id) })}>Rate it →</a>
          </div>
        )}
        <TaskTable tasks={tasks.data} highlighted={created?.id ?? null} isLead={isLead} />
      </section>
      {isLead && formOpen && (
        <section aria-labelledby="new-task-heading" className="new-task-section">
          <h2 id="new-task-heading">New task</h2>
          <NewTaskForm onCreate={create} onCancel={() => setFormOpen(false)} />
        </section>
      )}
    </main>
  );
}
