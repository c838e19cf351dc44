import type { TaskSummary } from '../../../core/api/contract';
import { useApi } from '../../api/useApi';
import { routeHash } from '../../app/router';
import { useQuerySetNames } from './useQuerySetNames';
import { TableStatusRow } from '../../components/TableStatusRow';

interface TaskTableProps {
  tasks: TaskSummary[] | undefined;
  /** The task just created, highlighted. */
  highlighted: number | null;
  /** Query set and rater names and the agreement page are a lead's; a rater sees ids. */
  isLead: boolean;
}

const COLUMNS = 11;

/** Every rating task with what it pools and how, and where to rate it or read its agreement. */
export function TaskTable({ tasks, highlighted, isLead }: TaskTableProps) {
  const querySetNames = useQuerySetNames(isLead ? tasks : undefined);
  const raterNames = new Map(useApi('raters.list', {}, { topics: ['raters'], enabled: isLead }).data?.map((rater) => [rater.id, rater.name]));
  return (
    <div className="table-card">
      <table className="data-table task-table" aria-label="Rating tasks">
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">dataset</th>
            <th scope="col">query set</th>
            <th scope="col">variants @ k</th>
            <th scope="col" className="num">
              pairs
            </th>
            <th scope="col">scale</th>
            <th scope="col" className="num">
              overlap
            </th>
            <th scope="col">blind</th>
            <th scope="col">raters</th>
            <th scope="col">created</th>
            <th scope="col">
              <span className="visually-hidden">links</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <TableStatusRow rows={tasks} columns={COLUMNS} empty="No rating tasks yet: create one with “New task”." />
          {tasks?.map((task) => (
            <tr key={task.id} data-testid="task-row" data-name={task.name} className={task.id === highlighted ? 'row-new' : undefined}>
              <th scope="row">{task.name}</th>
              <td>{task.dataset}</td>
              <td>{querySetNames.get(task.querySet) ?? `#${task.querySet}`}</td>
              <td className="task-variants" title={task.spec.variants.join(', ')}>
                {task.spec.variants.join(', ')} <span className="muted">@ {task.spec.depth}</span>
              </td>
              <td className="num" data-testid="task-pairs">
                {task.pairCount.toLocaleString()}
                {task.spec.reusedPairs > 0 && (
                  <span className="muted" title="pairs left out: already judged on this scale">
                    {' '}
                    (+{task.spec.reusedPairs.toLocaleString()} reused)
                  </span>
                )}
              </td>
              <td title={task.spec.scale.levels.map((level) => `${level.value} ${level.label}`).join(' · ')}>
                {task.spec.scale.name} <span className="muted">({task.spec.scale.levels.length})</span>
              </td>
              <td className="num">{task.spec.overlap}</td>
              <td>{task.spec.blind ? 'yes' : 'no'}</td>
              <td className="task-raters">
                {task.spec.raters.length === 0 ? <span className="muted">anyone</span> : task.spec.raters.map((id) => raterNames.get(id) ?? `#${id}`).join(', ')}
              </td>
              <td className="task-created">
                {new Date(task.createdAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}
                <span className="muted">by {task.createdBy}</span>
              </td>
              <td className="actions-cell">
                <a className="small-button" href={routeHash('rate', { task: String(task.id) })}>
                  Rate
                </a>
                {isLead && (
                  <a className="small-button" href={routeHash('agreement', { task: String(task.id) })}>
                    Agreement
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
