import { useEffect, useState } from 'react';
import type { RatingQueue } from '../../../core/api/contract';
import { errorMessage, invoke } from '../../api/client';
import { routeHash } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { RatingScreen, type RatingView } from './RatingScreen';
import { TaskList } from './TaskList';
import './rate.css';

/** `#/rate`: the caller's tasks; `#/rate?task=ID[&at=PAIR][&view=grid]`: rating one task. */
export function RatePage({ route }: PageProps) {
  const task = Number(route.params.get('task'));
  if (!Number.isInteger(task) || task <= 0) return <TaskList />;
  const at = route.params.get('at');
  return <RatingLoader key={task} task={task} at={at === null ? null : Number(at)} view={route.params.get('view') === 'grid' ? 'grid' : 'single'} />;
}

/**
 * Reads the rater's queue once: its order stays fixed for the session (re-reading could drop pairs other
 * raters completed meanwhile and shift every position). Starts where the rater left off, or at `at`.
 */
function RatingLoader({ task, at, view }: { task: number; at: number | null; view: RatingView }) {
  const [state, setState] = useState<{ queue?: RatingQueue; error?: string }>({});
  useEffect(() => {
    invoke('tasks.queue', { task }).then(
      (queue) => setState({ queue }),
      (error: unknown) => setState({ error: errorMessage(error) }),
    );
  }, [task]);
  if (state.error) {
    return (
      <div className="page">
        <div className="banner banner-error" role="alert">
          {state.error}
        </div>
        <a href={routeHash('rate')}>Your rating tasks</a>
      </div>
    );
  }
  if (!state.queue) return <p className="empty">Loading the task…</p>;
  const asked = at === null ? -1 : state.queue.entries.findIndex((entry) => entry.pairIndex === at);
  return <RatingScreen queue={state.queue} startAt={asked >= 0 ? asked : state.queue.resumeAt} initialView={view} />;
}
