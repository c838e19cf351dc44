import { evaluateRun, qrelsFromRows, resolveMeasures, runFromRows, type QrelInput } from '../eval';
import type { AgreementService } from '../rating/agreement-service';
import type { RatingScale } from '../rating/scales';
import type { TaskSpec } from '../rating/tasks-service';
import type { ComparisonQueryRow } from '../store/comparisons-table';
import type { Store } from '../store/store';
import { summarizePreferences, type PreferenceSummary } from './preference-statistics';

export interface ComparisonLabels {
  /** Consensus grade per `query\tdoc` on the comparison's scale. */
  grades: ReadonlyMap<string, number>;
  /** The same labels as levels 0 … levelCount − 1 (lowest grade first), for the click model. */
  levels: ReadonlyMap<string, number>;
  levelCount: number;
  /** Gains for evaluation: grade − the scale's lowest grade, so the lowest level is not relevant. */
  qrels: QrelInput[];
  /** Where the labels came from, for the screen. */
  source: string;
}

/**
 * The existing consensus labels of a dataset on one scale: every rating task of the dataset on that scale
 * (the comparison's own task among them) gives its consensus (agreement-service, with its own rule and
 * adjudications); where two tasks label one pair, the later task wins.
 */
export function comparisonLabels(store: Store, agreement: AgreementService, datasetId: number, scale: RatingScale): ComparisonLabels {
  const tasks = store.ratingTasks.list().filter((task) => task.datasetId === datasetId && (task.spec as TaskSpec).scale.id === scale.id);
  const grades = new Map<string, number>();
  for (const task of tasks) {
    for (const label of agreement.consensus(task.id).labels) if (label.label !== null) grades.set(`${label.queryId}\t${label.docId}`, label.label);
  }
  const ascending = scale.levels.map((level) => level.value).sort((a, b) => a - b);
  const levels = new Map([...grades].map(([key, grade]) => [key, Math.max(0, ascending.indexOf(grade))]));
  const qrels = [...grades].map(([key, grade]) => {
    const [queryId, docId] = key.split('\t') as [string, string];
    return { queryId, docId, relevance: grade - ascending[0]! };
  });
  return { grades, levels, levelCount: ascending.length, qrels, source: `consensus labels on scale ${scale.id} from ${tasks.length} rating task${tasks.length === 1 ? '' : 's'} (${grades.size} label${grades.size === 1 ? '' : 's'})` };
}

export interface MetricVerdict {
  /** trec_eval's name of the measure, e.g. ndcg_cut_10. */
  measure: string;
  labels: string;
  /** Queries with at least one label: the only ones the metric can score. */
  judgedQueries: number;
  meanA: number;
  meanB: number;
  /** Per judged query, which side scores higher; as a win rate of A with its Wilson CI and sign test. */
  verdict: PreferenceSummary;
  perQuery: { queryId: string; a: number; b: number }[];
}

/** nDCG at the comparison's depth of both sides' frozen lists, on the consensus labels; null without any label. */
export function metricVerdict(queries: readonly ComparisonQueryRow[], labels: ComparisonLabels, depth: number): MetricVerdict | null {
  const shown = new Set(queries.map((query) => query.queryId));
  const rows = labels.qrels.filter((row) => shown.has(row.queryId));
  if (rows.length === 0) return null;
  const qrels = qrelsFromRows(rows, labels.source);
  const measures = resolveMeasures([`ndcg_cut.${depth}`]);
  const options = { measures, averageOverAllJudgedQueries: true };
  const scoreOf = (side: 'listA' | 'listB') => {
    const run = queries.flatMap((query) => query[side].map((docId, index) => ({ queryId: query.queryId, docId, score: -index })));
    const evaluation = evaluateRun(qrels, runFromRows(run, side), options);
    // The evaluator keeps query ids as latin1 strings of their UTF-8 bytes, as trec_eval does.
    return new Map(evaluation.queryIds.map((queryId, i) => [Buffer.from(queryId, 'latin1').toString('utf8'), evaluation.columns[0]!.values[i]!]));
  };
  const a = scoreOf('listA');
  const b = scoreOf('listB');
  const perQuery = queries.filter((query) => a.has(query.queryId)).map((query) => ({ queryId: query.queryId, a: a.get(query.queryId)!, b: b.get(query.queryId) ?? 0 }));
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    measure: measures[0]!.columnNames[0]!,
    labels: labels.source,
    judgedQueries: perQuery.length,
    meanA: mean(perQuery.map((query) => query.a)),
    meanB: mean(perQuery.map((query) => query.b)),
    verdict: summarizePreferences(perQuery.map((query) => (query.a > query.b ? 'A' : query.b > query.a ? 'B' : 'tie'))),
    perQuery,
  };
}
