import { useApi } from '../api/useApi';

/**
 * The label sources a dataset can be scored or trained on, as `<option>`s whose values are
 * `labelSourceText` words: its own qrels, each rating task's consensus, each imported judgments source.
 */
export function LabelSourceOptions({ dataset }: { dataset: string }) {
  const tasks = useApi('tasks.list', {}, { topics: ['tasks'] });
  const imports = useApi('judgments.imports', { dataset }, { enabled: dataset !== '' });
  const sources = [...new Set((imports.data ?? []).map((entry) => entry.source))];
  return (
    <>
      <option value="qrels">The dataset&apos;s qrels</option>
      {(tasks.data ?? [])
        .filter((task) => task.dataset === dataset)
        .map((task) => (
          <option key={task.id} value={`task:${task.id}`}>
            Consensus of task “{task.name}”
          </option>
        ))}
      {sources.map((source) => (
        <option key={source} value={`import:${source}`}>
          Imported “{source}”
        </option>
      ))}
    </>
  );
}
