import type { ResultExplanation } from '../../core/api/contract';

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(4));

/** Every stage's rank and score for one result, and the features a learned ranker saw. */
export function Explanation({ explanation }: { explanation: ResultExplanation }) {
  type Stage = [string, { rank: number; score: number; normalized?: number } | null];
  const stages: Stage[] = [...Object.entries(explanation.retrievers)];
  if (explanation.fusion) stages.push([`fusion (${explanation.fusion.kind})`, explanation.fusion]);
  if (explanation.rerank) stages.push([`rerank (${explanation.rerank.model})`, explanation.rerank]);
  return (
    <div className="explanation" data-testid="explanation">
      <table>
        <thead>
          <tr>
            <th>stage</th>
            <th>rank</th>
            <th>score</th>
          </tr>
        </thead>
        <tbody>
          {stages.map(([name, value]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{value ? value.rank : '—'}</td>
              <td>
                {value ? format(value.score) : 'not retrieved'}
                {value?.normalized !== undefined && <span className="muted"> (norm {format(value.normalized)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {explanation.features && (
        <table className="features">
          <caption>features {explanation.features.version}</caption>
          <tbody>
            {explanation.features.names.map((name, index) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{format(explanation.features!.values[index])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
