import type { RuntimeContext } from '../context/runtime-context';
import { readQuerySet } from '../datasets/query-set-format';
import type { DatasetsService } from '../datasets/service';
import {
  compareEvaluations,
  evaluateRun,
  loadRun,
  qrelsFromRows,
  rankOrder,
  resolveMeasures,
  runFromRows,
  type QrelInput,
  type RunComparison,
} from '../eval';
import { labelsOfJudgments, sourceJudgments } from '../judgments/source-labels';
import { formatTrecRun, strictlyDecreasingScores } from '../ranking/trec-run';
import type { VariantsService } from '../ranking/variants-service';
import type { SearchService } from '../search/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import { recordedOnJob } from '../runtime/jobs';
import type { DatasetRow } from '../store/datasets-table';
import type { RunQueryRow } from '../store/run-queries-table';
import type { RunResultRow } from '../store/run-results-table';
import type { RunRow } from '../store/runs-table';

/** Which queries a run ranks. */
export type RunQuerySource =
  | { kind: 'judged' }
  | { kind: 'all' }
  | { kind: 'file'; path: string }
  | { kind: 'list'; queries: RunQueryRow[]; label?: string };

export interface RunSummary {
  id: number;
  dataset: string;
  name: string;
  source: RunRow['source'];
  variant: string | null;
  depth: number;
  queryCount: number;
  origin: string;
  createdAt: string;
  createdBy: string;
}

export interface StartRunArgs {
  dataset: string;
  variant: string;
  queries: RunQuerySource;
  k: number;
  /** Unique per dataset; default: the variant's name, numbered if taken. */
  name?: string;
}

/** The relevance labels runs are scored on: the dataset's imported qrels, a rating task's consensus, or an imported judgments source. */
/** A task's consensus may be narrowed to pairs its raters agree on (`minAgreement`, 0–1) and to non-gold pairs. */
export type RunLabelSource = { kind: 'qrels' } | { kind: 'task'; task: number; minAgreement?: number; excludeGold?: boolean } | { kind: 'import'; source: string };

export interface CompareRunsArgs {
  dataset: string;
  runs: number[];
  measures: string[];
  labels?: RunLabelSource;
  seed?: number;
}

/** Relevance labels with where they came from, e.g. "qrels (1836 judgments)". */
export interface LabelRows {
  rows: QrelInput[];
  label: string;
}

export interface RunComparisonReport extends RunComparison {
  runs: RunSummary[];
  /** Where the relevance labels came from, e.g. "qrels (1836 judgments)". */
  judgments: string;
}

export const RUN_NAME_PATTERN = /^\S{1,80}$/;
export const DEFAULT_RUN_MEASURES = ['map', 'ndcg_cut.10', 'P.10', 'recip_rank'];

/** Judged queries first: a run over queries without labels can be looked at but not scored. */
function judgedQueries<Q extends { queryId: string }>(queries: Q[], qrels: { queryId: string }[]): Q[] {
  if (qrels.length === 0) return queries;
  const judged = new Set(qrels.map((qrel) => qrel.queryId));
  return queries.filter((query) => judged.has(query.queryId));
}

/**
 * Runs: a variant over a query set, stored in SQLite (queries, ranks, scores, the variant's spec), or a
 * TREC run imported from elsewhere; compared with the evaluation engine from the stored rows.
 */
export function createRunsService(
  ctx: RuntimeContext,
  {
    datasets,
    variants,
    search,
    taskLabels,
  }: {
    datasets: DatasetsService;
    variants: VariantsService;
    search: SearchService;
    /** A rating task's consensus labels for a dataset (rating is a higher layer, so it is handed in). */
    taskLabels?: (datasetId: number, task: number, filters: { minAgreement?: number; excludeGold?: boolean }) => LabelRows;
  },
) {
  const { store } = ctx;
  const labelsFor = (dataset: DatasetRow, source: RunLabelSource): LabelRows => {
    if (source.kind === 'task') {
      if (!taskLabels) throw new AppError('INVALID_ARGS', 'rating task labels are not available here', { field: 'labels' });
      return taskLabels(dataset.id, source.task, { minAgreement: source.minAgreement, excludeGold: source.excludeGold });
    }
    if (source.kind === 'import') {
      const { judgments, scaleValues } = sourceJudgments(store, dataset.id, source.source);
      // Gains start at 0 on the scale's lowest level, as for a task's consensus.
      const lowest = Math.min(...scaleValues);
      const rows = labelsOfJudgments(judgments).map((label) => ({ queryId: label.queryId, docId: label.docId, relevance: label.grade - lowest }));
      return { rows, label: `imported source "${source.source}" (${rows.length} judgments)` };
    }
    const rows = store.qrels.list(dataset.id);
    return { rows, label: `qrels (${rows.length} judgments)` };
  };
  const summarize = (row: RunRow): RunSummary => ({
    id: row.id,
    dataset: store.datasets.list().find((dataset) => dataset.id === row.datasetId)?.name ?? '?',
    name: row.name,
    source: row.source,
    variant: row.variant,
    depth: row.depth,
    queryCount: row.queryCount,
    origin: row.origin,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  });
  const requireRun = (id: number): RunRow => {
    const run = store.runs.find(id);
    if (!run) throw new AppError('NOT_FOUND', `no run with id ${id}`, { field: 'run' });
    return run;
  };
  const uniqueName = (dataset: DatasetRow, wanted: string | undefined, base: string): string => {
    if (wanted !== undefined) {
      if (!RUN_NAME_PATTERN.test(wanted)) throw new AppError('INVALID_ARGS', `run name "${wanted}" must be one word of at most 80 characters`, { field: 'name' });
      if (store.runs.findByName(dataset.id, wanted)) throw new AppError('ALREADY_EXISTS', `dataset "${dataset.name}" already has a run named "${wanted}"`, { field: 'name' });
      return wanted;
    }
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!store.runs.findByName(dataset.id, candidate)) return candidate;
    }
  };
  const resolveQueries = async (dataset: DatasetRow, source: RunQuerySource): Promise<{ queries: RunQueryRow[]; origin: string }> => {
    if (source.kind === 'file') {
      const entries = await readQuerySet(source.path);
      return { queries: entries.map(({ queryId, text }) => ({ queryId, text })), origin: `file ${source.path}` };
    }
    if (source.kind === 'list') return { queries: source.queries, origin: source.label ?? 'query list' };
    const all = store.queries.list(dataset.id).map(({ queryId, text }) => ({ queryId, text }));
    if (source.kind === 'all') return { queries: all, origin: 'all queries' };
    return { queries: judgedQueries(all, store.qrels.list(dataset.id)), origin: 'judged queries' };
  };
  const save = (dataset: DatasetRow, run: Omit<RunRow, 'id' | 'createdAt' | 'datasetId' | 'queryCount'>, queries: RunQueryRow[], results: RunResultRow[]): RunSummary =>
    store.transaction(() => {
      const id = store.runs.insert({ ...run, datasetId: dataset.id, queryCount: queries.length }, ctx.now().toISOString());
      for (const query of queries) store.runQueries.insert(id, query);
      for (const result of results) store.runResults.insert(id, result);
      ctx.events.changed('runs');
      return summarize(store.runs.find(id)!);
    });

  const service = {
    list: (dataset: string): RunSummary[] => store.runs.list(datasets.require(dataset).id).map(summarize),
    get: (id: number): RunSummary => summarize(requireRun(id)),
    queries: (id: number): RunQueryRow[] => store.runQueries.list(requireRun(id).id),
    results: (id: number, queryId?: string): RunResultRow[] =>
      queryId === undefined ? store.runResults.list(requireRun(id).id) : store.runResults.forQuery(requireRun(id).id, queryId),

    /** Ranks every query with the variant as a job; the run is stored in one transaction at the end. */
    startRun(args: StartRunArgs, caller: Caller) {
      const dataset = datasets.require(args.dataset);
      const spec = variants.get(args.variant);
      const started = ctx.jobs.start(`Run ${args.variant} on ${dataset.name}`, async (report) => {
        const { queries, origin } = await resolveQueries(dataset, args.queries);
        if (queries.length === 0) throw new AppError('INVALID_ARGS', `no queries to run for dataset "${dataset.name}" (${origin})`, { field: 'queries' });
        const results: RunResultRow[] = [];
        for (const [index, query] of queries.entries()) {
          report('running queries', index, queries.length, 'queries');
          const { ranked } = await search.rank({ dataset: dataset.name, text: query.text, k: args.k, variant: args.variant });
          const scores = strictlyDecreasingScores(ranked.map((result) => result.score));
          ranked.forEach((result, rank) => results.push({ queryId: query.queryId, rank: rank + 1, docId: result.doc.id, score: scores[rank]! }));
        }
        report('running queries', queries.length, queries.length, 'queries');
        const name = uniqueName(dataset, args.name, args.variant);
        return save(dataset, { name, source: 'variant', variant: args.variant, variantSpec: spec, depth: args.k, origin, createdBy: caller.name }, queries, results);
      });
      return { job: started.job, finished: recordedOnJob(started.finished) };
    },

    /** Stores a TREC run file (`qid Q0 docno rank score tag`), ranked as trec_eval ranks it. */
    importRun(args: { dataset: string; path: string; name?: string }, caller: Caller): RunSummary {
      const dataset = datasets.require(args.dataset);
      const run = loadRun(args.path);
      const known = new Map(store.queries.list(dataset.id).map((query) => [query.queryId, query.text]));
      const queries: RunQueryRow[] = [];
      const results: RunResultRow[] = [];
      let depth = 0;
      for (const [latin1QueryId, range] of run.queries) {
        const queryId = Buffer.from(latin1QueryId, 'latin1').toString('utf8');
        queries.push({ queryId, text: known.get(queryId) ?? '' });
        const order = rankOrder(run, range.start, range.end);
        depth = Math.max(depth, order.length);
        order.forEach((doc, rank) =>
          results.push({ queryId, rank: rank + 1, docId: run.bytes.toString('utf8', run.docStarts[doc]!, run.docEnds[doc]!), score: run.scores[doc]! }),
        );
      }
      if (queries.length === 0) throw new AppError('IMPORT_EMPTY', 'the run file has no results', { file: args.path });
      const name = uniqueName(dataset, args.name, run.runId || 'imported');
      return save(dataset, { name, source: 'import', variant: null, variantSpec: null, depth, origin: `file ${args.path}`, createdBy: caller.name }, queries, results);
    },

    remove(id: number): { deleted: number } {
      if (!store.runs.remove(requireRun(id).id)) throw new AppError('NOT_FOUND', `no run with id ${id}`, { field: 'run' });
      ctx.events.changed('runs');
      return { deleted: id };
    },

    /** The run as TREC run lines, exactly what `relwb run --out` writes; the tag defaults to the run's name. */
    trecText(id: number, tag?: string): string {
      const run = requireRun(id);
      const byQuery = new Map<string, { id: string; score: number }[]>();
      for (const query of store.runQueries.list(run.id)) byQuery.set(query.queryId, []);
      for (const result of store.runResults.list(run.id)) byQuery.get(result.queryId)?.push({ id: result.docId, score: result.score });
      return formatTrecRun([...byQuery].map(([queryId, results]) => ({ queryId, results })), tag ?? run.name);
    },

    /** A dataset's relevance labels from one source (its qrels, or a rating task's consensus), with where they came from. */
    labelRows(datasetName: string, source: RunLabelSource): LabelRows {
      return labelsFor(datasets.require(datasetName), source);
    },

    /**
     * Compares stored runs of one dataset on relevance labels (its qrels, or a rating task's consensus),
     * from rows: every labelled query counts (missing results score 0, like `relwb compare`, which is `-c`).
     */
    compare(args: CompareRunsArgs): RunComparisonReport {
      const dataset = datasets.require(args.dataset);
      const runs = args.runs.map(requireRun);
      const foreign = runs.find((run) => run.datasetId !== dataset.id);
      if (foreign) throw new AppError('INVALID_ARGS', `run ${foreign.id} belongs to another dataset`, { field: 'runs' });
      const { rows, label } = labelsFor(dataset, args.labels ?? { kind: 'qrels' });
      if (rows.length === 0) throw new AppError('INVALID_ARGS', `dataset "${dataset.name}" has no relevance labels to compare runs with`, { field: 'dataset' });
      const qrels = qrelsFromRows(rows, label);
      const options = { measures: resolveMeasures(args.measures), averageOverAllJudgedQueries: true };
      const evaluations = runs.map((run) => evaluateRun(qrels, runFromRows(store.runResults.list(run.id), run.name), options));
      return { ...compareEvaluations(evaluations, { seed: args.seed }), runs: runs.map(summarize), judgments: label };
    },
  };
  return service;
}

export type RunsService = ReturnType<typeof createRunsService>;
