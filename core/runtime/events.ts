import type { JobSnapshot } from './jobs';

/** What a change event names, so a page re-reads only the data it shows. */
export type ChangeTopic = 'datasets' | 'variants' | 'runs' | 'query-sets' | 'tasks' | 'judgments' | 'raters' | 'preferences' | 'comparisons' | 'models';

/** Everything the backend pushes to the UI travels as one of these. */
export type WorkbenchEvent = { type: 'job'; job: JobSnapshot } | { type: 'changed'; topic: ChangeTopic };

export type EventListener = (event: WorkbenchEvent) => void;

export interface EventBus {
  emit(event: WorkbenchEvent): void;
  changed(topic: ChangeTopic): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  const emit = (event: WorkbenchEvent) => listeners.forEach((listener) => listener(event));
  return {
    emit,
    changed: (topic) => emit({ type: 'changed', topic }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
