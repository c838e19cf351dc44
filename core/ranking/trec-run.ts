export interface RunQueryResults {
  queryId: string;
  results: readonly { id: string; score: number }[];
}

/** Smallest step kept between consecutive scores; the output prints 6 decimals, so it stays visible. */
const MIN_SCORE_STEP = 1e-6;

/**
 * TREC run lines `qid Q0 docid rank score tag`. trec_eval orders by score and ignores the rank column, so
 * tied or out-of-order scores are nudged down just enough that scores strictly decrease within a query
 * and every evaluator sees the ranking the variant produced.
 */
export function formatTrecRun(queries: readonly RunQueryResults[], tag: string): string {
  if (!/^\S+$/.test(tag)) throw new Error(`run tag "${tag}" must be one word`);
  const lines: string[] = [];
  for (const { queryId, results } of queries) {
    let previous = Infinity;
    results.forEach(({ id, score }, index) => {
      const rounded = Math.round(score * 1e6) / 1e6;
      const written = rounded < previous ? rounded : previous - MIN_SCORE_STEP;
      previous = Math.round(written * 1e6) / 1e6;
      lines.push(`${queryId} Q0 ${id} ${index + 1} ${previous.toFixed(6)} ${tag}`);
    });
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
