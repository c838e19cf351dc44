import { evaluateRun, qrelsFromRows, resolveMeasures, runFromRows, type QrelInput, type RunInput } from '../eval';
import type { Store } from '../store/store';
import { consensus } from './consensus';
import { normalizeQuery } from './query-set-hash';
import type { TaskSpec } from './tasks-service';

const NDCG_AT_10 = resolveMeasures(['ndcg_cut.10']);

/**
 * Per-query nDCG@10 from earlier rating tasks of a dataset, keyed by normalized query text, to size strata
 * with measured SDs. Labels are each pair's consensus under its task's rule (an adjudicated-wins task falls
 * back to its median: adjudications are not read here), with gain = grade − the scale's lowest grade, so
 * "highly irrelevant" gains nothing. A task's variants rank its pool by the ranks recorded at pooling. With two
 * or more variants the value is the difference of the first two (what the SD of
 * {@link DEFAULT_NDCG_DIFFERENCE_SD} stands for); with one, that variant's nDCG@10. A later task wins.
 */
export function judgedNdcgByQuery(store: Store, datasetId: number): Map<string, number> {
  const values = new Map<string, number>();
  for (const task of store.ratingTasks.list().filter((candidate) => candidate.datasetId === datasetId)) {
    const spec = task.spec as TaskSpec;
    const lowest = Math.min(...spec.scale.levels.map((level) => level.value));
    const levels = spec.scale.levels.map((level) => level.value);
    const rule = spec.consensus === 'adjudicated-wins' ? 'median' : spec.consensus;
    const grades = new Map<number, number[]>();
    for (const judgment of store.judgments.forTask(task.id)) {
      if (judgment.grade !== null) grades.set(judgment.pairIndex, [...(grades.get(judgment.pairIndex) ?? []), judgment.grade]);
    }
    const pairs = store.ratingTasks.pairs(task.id);
    const qrels: QrelInput[] = pairs.flatMap((pair) => {
      const label = consensus(grades.get(pair.pairIndex) ?? [], rule, { levels }).label;
      return label === null ? [] : [{ queryId: pair.queryId, docId: pair.docId, relevance: label - lowest }];
    });
    if (qrels.length === 0) continue;
    const judgedQrels = qrelsFromRows(qrels, `task ${task.name}`);
    const ndcgOf = (variant: string): Map<string, number> => {
      const run: RunInput[] = pairs.flatMap((pair) => (pair.sources[variant] === undefined ? [] : [{ queryId: pair.queryId, docId: pair.docId, score: -pair.sources[variant] }]));
      if (run.length === 0) return new Map();
      const evaluation = evaluateRun(judgedQrels, runFromRows(run, variant), { measures: NDCG_AT_10 });
      return new Map(evaluation.queryIds.map((queryId, i) => [queryId, evaluation.columns[0]!.values[i]!]));
    };
    const [first, second] = spec.variants.slice(0, 2).map(ndcgOf);
    const textOf = new Map(store.querySets.queries(task.querySetId).map((query) => [query.queryId, query.text]));
    for (const [queryId, value] of first ?? []) {
      const text = textOf.get(queryId);
      if (text === undefined) continue;
      if (!second) values.set(normalizeQuery(text), value);
      else if (second.has(queryId)) values.set(normalizeQuery(text), value - second.get(queryId)!);
    }
  }
  return values;
}
