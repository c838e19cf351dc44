import type { ResultExplanation } from '../../core/api/contract';
import { formatScore } from '../format';

type StageScore = { rank: number; score: number; normalized?: number } | null;

/** Every stage's rank and score for one result, and the features a learned ranker saw. */
export function Explanation({ explanation }: { explanation: ResultExplanation }) {
  const stages: [string, StageScore][] = Object.entries(explanation.retrievers);
  if (explanation.fusion) stages.push([`fusion (${explanation.fusion.kind})`, explanation.fusion]);
  if (explanation.rerank) stages.push([`rerank (${explanation.rerank.model})`, explanation.rerank]);
  const normalized = stages.some(([, value]) => value?.normalized !== undefined);
  const { features } = explanation;
  return (
    <div className="explanation" data-testid="explanation">
      <table aria-label="Stages" data-testid="explanation-stages">
        <caption>Each stage’s rank and score</caption>
        <thead>
          <tr>
            <th scope="col">stage</th>
            <th scope="col" className="num">
              rank
            </th>
            <th scope="col" className="num">
              score
            </th>
            {normalized && (
              <th scope="col" className="num">
                normalized
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {stages.map(([name, value]) => (
            <tr key={name} className={value ? undefined : 'not-retrieved'}>
              <th scope="row">{name}</th>
              {value ? (
                <>
                  <td className="num">{value.rank}</td>
                  <td className="num">{formatScore(value.score)}</td>
                  {normalized && <td className="num">{value.normalized !== undefined ? formatScore(value.normalized) : '—'}</td>}
                </>
              ) : (
                <td colSpan={normalized ? 3 : 2} className="muted">
                  not in this retriever’s candidates
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {features && (
        <table aria-label="Features" data-testid="explanation-features">
          <caption>Features ({features.version})</caption>
          <thead>
            <tr>
              <th scope="col">feature</th>
              <th scope="col" className="num">
                value
              </th>
            </tr>
          </thead>
          <tbody>
            {features.names.map((name, index) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="num">{formatScore(features.values[index])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
