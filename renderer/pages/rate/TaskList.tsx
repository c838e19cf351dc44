import type { TaskSummary } from '../../../core/api/contract';
import { routeHash } from '../../app/router';
import { useApi } from '../../api/useApi';

/** The tasks the caller can rate, each with their own progress and a link to start or resume. */
export function TaskList() {
  const tasks = useApi('tasks.list', {}, { topics: ['tasks'] });
  return (
    <div className="page rate-tasks">
      <h2>Rate</h2>
      {tasks.error && (
        <div className="banner banner-error" role="alert">
          {tasks.error}
        </div>
      )}
      {tasks.data?.length === 0 && <p className="muted">There are no rating tasks yet. A lead creates them from a query set and ranker variants.</p>}
      {tasks.data && tasks.data.length > 0 && (
        <ul className="rate-task-list">
          {tasks.data.map((task) => (
            <TaskRow key={task.id} task={task} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TaskRow({ task }: { task: TaskSummary }) {
  // The queue says what is the caller's: a task they are not assigned to answers FORBIDDEN and is not listed.
  const queue = useApi('tasks.queue', { task: task.id });
  if (queue.error && !queue.data) return null;
  const entries = queue.data?.entries ?? [];
  const labelled = entries.filter((entry) => entry.grade !== null || entry.skipped).length;
  const action = !queue.data ? 'Open' : labelled === 0 ? 'Start' : labelled === entries.length ? 'Review' : 'Resume';
  return (
    <li className="card rate-task-row" data-testid="rate-task">
      <div>
        <h3>{task.name}</h3>
        <p className="muted">
          {task.dataset} · {task.spec.scale.name} · {queue.data ? `${labelled} of ${entries.length} labelled by you` : 'reading your progress…'}
        </p>
      </div>
      <a className="primary-button" href={routeHash('rate', { task: String(task.id) })}>
        {action}
      </a>
    </li>
  );
}
