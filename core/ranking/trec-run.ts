import { AppError } from '../runtime/errors';

export interface RunQueryResults {
  queryId: string;
  results: readonly { id: string; score: number }[];
}

/** Smallest step kept between consecutive scores; the output prints 6 decimals, so it stays visible. */
const MIN_SCORE_STEP = 1e-6;

/**
 * The scores a run records for a ranked list: rounded to 6 decimals and nudged down just enough that
 * they strictly decrease. trec_eval orders by score and ignores ranks, so every evaluator (and a stored
 * run evaluated in the app) then sees exactly the ranking the variant produced.
 */
export function strictlyDecreasingScores(scores: readonly number[]): number[] {
  let previous = Infinity;
  return scores.map((score) => {
    const rounded = Math.round(score * 1e6) / 1e6;
    const written = rounded < previous ? rounded : previous - MIN_SCORE_STEP;
    previous = Math.round(written * 1e6) / 1e6;
    return previous;
  });
}

/** TREC run lines `qid Q0 docid rank score tag`, scores from strictlyDecreasingScores. */
export function formatTrecRun(queries: readonly RunQueryResults[], tag: string): string {
  if (!/^\S+$/.test(tag)) throw new AppError('INVALID_ARGS', `run tag "${tag}" must be one word`, { field: 'tag' });
  const lines: string[] = [];
  for (const { queryId, results } of queries) {
    const scores = strictlyDecreasingScores(results.map((result) => result.score));
    results.forEach(({ id }, index) => lines.push(`${queryId} Q0 ${id} ${index + 1} ${scores[index]!.toFixed(6)} ${tag}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
