/**
 * Evaluates a run against qrels the way trec_eval 10.0 does: queries in qrels order (strcmp), run
 * queries without judgments ignored, judged queries without results skipped (or, with `-c`, scored
 * on trec_eval's one-non-pooled-document placeholder), averages over the evaluated queries.
 */
import { AppError } from '../runtime/errors';
import type { ResolvedMeasure } from './measure-names';
import type { MeasureContext } from './measures';
import { DuplicateDocumentError, judgeRanking, placeholderRanking, type JudgedRanking, type RankingOptions } from './ranking';
import { RunColumns, loadRun, readRunFile, type RunReadOptions } from './run-reader';
import { InputError, displayId, type QueryJudgments, type Qrels, type Run } from './trec-files';

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

/** One evaluated query: a cell per column (a number, or the text of a string measure). */
type QueryRow = (number | string)[];

/** The per-query part of an evaluation: judges a query's documents and computes every measure on them. */
class QueryScorer {
  private readonly rankingOptions: RankingOptions;
  private readonly context: MeasureContext;

  constructor(
    private readonly qrels: Qrels,
    private readonly options: EvaluationOptions,
  ) {
    const relevanceLevel = options.relevanceLevel ?? 1;
    this.context = {
      relevanceLevel,
      numDocsInCollection: options.numDocsInCollection ?? 0,
      exponentialGain: options.exponentialGain ?? false,
    };
    this.rankingOptions = { relevanceLevel, maxDocsPerQuery: options.maxDocsPerQuery ?? Number.POSITIVE_INFINITY };
  }

  /** Scores the documents [start, end) of `run` as query `qid`; duplicate docnos become an InputError. */
  scoreRetrieved(qid: string, run: Run, start: number, end: number, judgments: QueryJudgments): QueryRow {
    let ranking: JudgedRanking;
    try {
      ranking = judgeRanking(run, { start, end }, this.qrels, judgments, this.rankingOptions);
    } catch (error) {
      if (!(error instanceof DuplicateDocumentError)) throw error;
      throw new InputError(
        run.file,
        error.line,
        'docno',
        `duplicate document '${error.docno}' for query '${displayId(qid)}' (trec_eval rejects duplicate docnos)`,
      );
    }
    return this.score(ranking, false);
  }

  /** `-c`: a judged query without results, scored on trec_eval's placeholder. */
  scoreMissing(judgments: QueryJudgments): QueryRow {
    return this.score(placeholderRanking(this.qrels, judgments, this.rankingOptions.relevanceLevel), true);
  }

  private score(ranking: JudgedRanking, missing: boolean): QueryRow {
    const row: QueryRow = [];
    for (const measure of this.options.measures) {
      const result = measure.definition.compute(ranking, measure.params, this.context);
      const reset = missing && resetsForMissingQuery(measure);
      if (typeof result === 'string') row.push(reset ? '' : result);
      else for (let i = 0; i < measure.columnNames.length; i++) row.push(reset ? 0 : result[i]!);
    }
    return row;
  }

  /**
   * The evaluation over the qrels' queries in trec_eval order: `retrievedRow(qid)` is the row of a
   * query the run has results for, undefined when it has none (skipped, or a placeholder under -c).
   */
  assemble(runId: string, retrievedRow: (qid: string, judgments: QueryJudgments) => QueryRow | undefined): Evaluation {
    const { qrels, options } = this;
    const columns = options.measures.flatMap((measure) =>
      measure.columnNames.map((name) => ({ name, measure, values: [] as number[], texts: [] as string[] })),
    );
    const queryIds: string[] = [];
    const qids = [...qrels.queries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const qid of qids) {
      const judgments = qrels.queries.get(qid)!;
      let row = retrievedRow(qid, judgments);
      if (row === undefined) {
        if (!options.averageOverAllJudgedQueries) continue;
        row = this.scoreMissing(judgments);
      }
      queryIds.push(displayId(qid));
      for (let c = 0; c < columns.length; c++) {
        const cell = row[c]!;
        if (typeof cell === 'string') columns[c]!.texts.push(cell);
        else columns[c]!.values.push(cell);
      }
    }
    if (queryIds.length === 0) throw new NoQueriesError();
    return {
      runId,
      queryIds,
      columns: columns.map((column) => ({
        ...column,
        summary: summarize(column.measure, column.values, { numQueries: queryIds.length, runId, qrels, options }),
      })),
    };
  }
}

/** Evaluates a run held in memory. */
export function evaluateRun(qrels: Qrels, run: Run, options: EvaluationOptions): Evaluation {
  const scorer = new QueryScorer(qrels, options);
  return scorer.assemble(run.runId, (qid, judgments) => {
    const retrieved = run.queries.get(qid);
    return retrieved && scorer.scoreRetrieved(qid, run, retrieved.start, retrieved.end, judgments);
  });
}

/** Thrown out of the reader when a query id comes back after other queries (a run not grouped by query). */
const UNGROUPED = new Error('run not grouped by query');

/**
 * Evaluates a run file, giving the same result as `evaluateRun(qrels, loadRun(file), options)` with far
 * less memory: while the run is grouped by query (as runs nearly always are), each query is scored as
 * soon as its last line is read and its documents are dropped. When a query id reappears later in the
 * file, the file is read again whole. Errors come in the same order as from the whole-file path: any
 * malformed line first, then a duplicate docno of the first query in trec_eval order.
 */
export function evaluateRunFile(qrels: Qrels, file: string, options: EvaluationOptions, readOptions: RunReadOptions = {}): Evaluation {
  const scorer = new QueryScorer(qrels, options);
  const rows = new Map<string, QueryRow>();
  const duplicates = new Map<string, InputError>();
  const seen = new Set<string>();
  const columns = new RunColumns();
  let current: string | undefined;
  const finishQuery = () => {
    const judgments = current === undefined ? undefined : qrels.queries.get(current);
    if (judgments !== undefined && columns.count > 0) {
      try {
        rows.set(current!, scorer.scoreRetrieved(current!, columns.toRun(file, '', new Map()), 0, columns.count, judgments));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        duplicates.set(current!, error);
      }
    }
    columns.clear();
  };
  let runId: string;
  try {
    runId = readRunFile(
      file,
      columns,
      {
        startQuery(qid) {
          finishQuery();
          if (seen.has(qid)) throw UNGROUPED;
          seen.add(qid);
          current = qid;
        },
      },
      readOptions,
    );
  } catch (error) {
    if (error !== UNGROUPED) throw error;
    return evaluateRun(qrels, loadRun(file, readOptions), options);
  }
  finishQuery();
  return scorer.assemble(runId, (qid) => {
    const duplicate = duplicates.get(qid);
    if (duplicate) throw duplicate;
    return rows.get(qid);
  });
}

function resetsForMissingQuery(measure: ResolvedMeasure): boolean {
  const mode = measure.definition.resetForMissingQuery;
  return mode === 'always' || (mode === 'unparameterized' && measure.columnNames[0] === measure.definition.name);
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
