import { useEffect, useState } from 'react';
import type { TaskSummary } from '../../../core/api/contract';
import { invoke } from '../../api/client';

/**
 * Names of the query sets the tasks use, read per dataset. Sets never change once a task uses them,
 * so the names are re-read only when a task names a set not seen yet.
 */
export function useQuerySetNames(tasks: readonly TaskSummary[] | undefined): ReadonlyMap<number, string> {
  const [names, setNames] = useState<ReadonlyMap<number, string>>(new Map());
  const missing = [...new Set((tasks ?? []).filter((task) => !names.has(task.querySet)).map((task) => task.dataset))].sort().join('\n');
  useEffect(() => {
    if (missing === '') return;
    let current = true;
    Promise.all(missing.split('\n').map((dataset) => invoke('querySets.list', { dataset }))).then(
      (lists) => current && setNames((previous) => new Map([...previous, ...lists.flat().map((set) => [set.id, set.name] as const)])),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [missing]);
  return names;
}
