/**
 * Evaluates a run against qrels the way trec_eval 10.0 does: queries in qrels order (strcmp), run
 * queries without judgments ignored, judged queries without results skipped (or, with `-c`, scored
 * on trec_eval's one-non-pooled-document placeholder), averages over the evaluated queries.
 */
import { AppError } from '../runtime/errors';
import type { ResolvedMeasure } from './measure-names';
import type { MeasureContext } from './measures';
import { DuplicateDocumentError, judgeRanking, placeholderRanking } from './ranking';
import { InputError, displayId, type Qrels, type Run } from './trec-files';

export interface EvaluationOptions {
  readonly measures: readonly ResolvedMeasure[];
  /** `-l`, default 1. */
  readonly relevanceLevel?: number;
  /** `-M`, default unlimited. */
  readonly maxDocsPerQuery?: number;
  /** `-c`: also score judged queries that have no results (they count as zero). */
  readonly averageOverAllJudgedQueries?: boolean;
  /** `-N`, default 0. */
  readonly numDocsInCollection?: number;
  /** `--gain exp`. */
  readonly exponentialGain?: boolean;
}

export interface EvaluationColumn {
  /** Output name, e.g. `P_10`. */
  readonly name: string;
  readonly measure: ResolvedMeasure;
  /** Per-query numbers, in `Evaluation.queryIds` order (empty for string measures). */
  readonly values: number[];
  /** Per-query texts for string measures (relstring). */
  readonly texts: string[];
  /** The `all` value; undefined for measures trec_eval prints per query only. */
  readonly summary: number | string | undefined;
}

export interface Evaluation {
  readonly runId: string;
  /** Evaluated query ids (UTF-8), in trec_eval order. */
  readonly queryIds: string[];
  readonly columns: EvaluationColumn[];
}

export class NoQueriesError extends AppError {
  constructor() {
    super('EVAL_BAD_INPUT', 'no queries with both results and relevance judgments');
  }
}

export function evaluateRun(qrels: Qrels, run: Run, options: EvaluationOptions): Evaluation {
  const relevanceLevel = options.relevanceLevel ?? 1;
  const context: MeasureContext = {
    relevanceLevel,
    numDocsInCollection: options.numDocsInCollection ?? 0,
    exponentialGain: options.exponentialGain ?? false,
  };
  const rankingOptions = { relevanceLevel, maxDocsPerQuery: options.maxDocsPerQuery ?? Number.POSITIVE_INFINITY };
  const columns = options.measures.flatMap((measure) =>
    measure.columnNames.map((name) => ({ name, measure, values: [] as number[], texts: [] as string[] })),
  );
  const queryIds: string[] = [];
  const qids = [...qrels.queries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const qid of qids) {
    const judgments = qrels.queries.get(qid)!;
    const retrieved = run.queries.get(qid);
    if (retrieved === undefined && !options.averageOverAllJudgedQueries) continue;
    const ranking =
      retrieved === undefined
        ? placeholderRanking(qrels, judgments, relevanceLevel)
        : judgeWithLineNumbers(run, qid, () => judgeRanking(run, retrieved, qrels, judgments, rankingOptions));
    queryIds.push(displayId(qid));
    let columnIndex = 0;
    for (const measure of options.measures) {
      const { definition } = measure;
      const result = definition.compute(ranking, measure.params, context);
      const reset = retrieved === undefined && resetsForMissingQuery(measure);
      if (typeof result === 'string') {
        columns[columnIndex++]!.texts.push(reset ? '' : result);
      } else {
        for (let i = 0; i < measure.columnNames.length; i++) columns[columnIndex++]!.values.push(reset ? 0 : result[i]!);
      }
    }
  }
  if (queryIds.length === 0) throw new NoQueriesError();
  return {
    runId: run.runId,
    queryIds,
    columns: columns.map((column) => ({
      ...column,
      summary: summarize(column.measure, column.values, { numQueries: queryIds.length, runId: run.runId, qrels, options }),
    })),
  };
}

function resetsForMissingQuery(measure: ResolvedMeasure): boolean {
  const mode = measure.definition.resetForMissingQuery;
  return mode === 'always' || (mode === 'unparameterized' && measure.columnNames[0] === measure.definition.name);
}

function judgeWithLineNumbers<T>(run: Run, qid: string, judge: () => T): T {
  try {
    return judge();
  } catch (error) {
    if (!(error instanceof DuplicateDocumentError)) throw error;
    throw new InputError(
      run.file,
      error.line,
      'docno',
      `duplicate document '${error.docno}' for query '${displayId(qid)}' (trec_eval rejects duplicate docnos)`,
    );
  }
}

interface SummaryInputs {
  readonly numQueries: number;
  readonly runId: string;
  readonly qrels: Qrels;
  readonly options: EvaluationOptions;
}

/** The `all` value, by the measure's trec_eval averaging rule (see Aggregation). */
function summarize(measure: ResolvedMeasure, values: readonly number[], inputs: SummaryInputs): number | string | undefined {
  const sum = () => values.reduce((total, value) => total + value, 0);
  switch (measure.definition.aggregation) {
    case 'mean':
      return sum() / inputs.numQueries;
    case 'sum':
      return sum();
    case 'geometric':
      return Math.exp(sum() / inputs.numQueries);
    case 'query-count':
      return inputs.numQueries;
    case 'relevant-judgments':
      return inputs.options.averageOverAllJudgedQueries ? countPositiveJudgments(inputs.qrels) : sum();
    case 'run-id':
      return inputs.runId;
    case 'none':
      return undefined;
  }
}

/** trec_eval's te_calc_avg_num_rel under -c: qrels lines with a value > 0, ignoring -l. */
function countPositiveJudgments(qrels: Qrels): number {
  let count = 0;
  for (let j = 0; j < qrels.rels.length; j++) if (qrels.rels[j]! > 0) count++;
  return count;
}
