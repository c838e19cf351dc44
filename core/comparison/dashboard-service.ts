import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { COMPARISON_DEFAULTS, compareEvaluations, evaluateRun, qrelsFromRows, resolveMeasures, runFromRows, type PairResult, type QrelInput } from '../eval';
import { tukeyHsd, type TukeyHsd } from '../eval/tukey-hsd';
import type { VariantsService } from '../ranking/variants-service';
import type { AgreementService } from '../rating/agreement-service';
import type { QuerySetsService } from '../rating/query-sets-service';
import type { StratumPopulation, StratumWeighting } from '../rating/sampling';
import { FIVE_LEVEL_SCALE, BUILT_IN_SCALES } from '../rating/scales';
import type { TaskSpec, TaskSummary, TasksService } from '../rating/tasks-service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { RunLabelSource, RunsService, RunSummary } from '../runs/service';
import type { DatasetRow } from '../store/datasets-table';
import type { QuerySetQueryRow, QuerySetRow } from '../store/query-sets-table';
import type { RunRow } from '../store/runs-table';
import {
  judgmentGap,
  listOverlap,
  meanInterval,
  scoreHistogram,
  segmentBreakdown,
  sortedQueryDeltas,
  type GapQuery,
  type HistogramBin,
  type PairOverlap,
  type QueryDelta,
  type SegmentBreakdown,
} from './dashboard-figures';
import { dashboardReportHtml, dashboardReportJson } from './report-html';

/** Below this mean Judged@k a variant's scores lean on unjudged documents counted as non-relevant. */
export const DEFAULT_COVERAGE_THRESHOLD = 0.8;
export const DEFAULT_DASHBOARD_K = 10;
export const DEFAULT_RUN_DEPTH = 100;

export interface DashboardArgs {
  dataset: string;
  querySet: number;
  /** Stored runs to compare, in order (the first is the baseline of the delta charts). */
  runs: number[];
  /** Variants to compare after the runs: a stored run of each over the query set is reused or made. */
  variants: string[];
  labels: RunLabelSource;
  k: number;
  /** Depth of the runs made for `variants` (MAP is computed over it). */
  depth: number;
  seed?: number;
  coverageThreshold: number;
  stratumWeighting: StratumWeighting;
}

export interface DashboardMeasure {
  /** The `relwb compare -m` spec, e.g. `ndcg_cut.10`. */
  spec: string;
  /** The column `relwb compare` prints, e.g. `ndcg_cut_10`. */
  column: string;
  /** What the page calls it, e.g. `nDCG@10`. */
  label: string;
  means: number[];
  /** 95% Student t interval of each run's mean over the queries. */
  meanIntervals: [number, number][];
  /** Every pair (contender − baseline): bootstrap CI, t-test and randomization p, Holm-adjusted p. */
  pairs: PairResult[];
  /** Tukey HSD over all runs (three or more). */
  tukey: TukeyHsd | null;
  /** Per run, the per-query values in `queries` order. */
  perQuery: number[][];
  /** Per run, counts of per-query values in ten bins of [0, 1]. */
  histograms: HistogramBin[][];
  /** Per pair (in `pairs` order), per-query deltas from the biggest loss to the biggest win. */
  deltas: QueryDelta[][];
}

export interface DashboardCoverage {
  /** The Judged@k measure spec, e.g. `judged.10`. */
  spec: string;
  column: string;
  /** Mean Judged@k per run, as `relwb compare -m judged.10` prints it. */
  judged: number[];
  threshold: number;
  /** Runs below the threshold, by index. */
  belowThreshold: number[];
  /** The unlabelled documents of the union of the runs' top k over the query set's queries. */
  gap: GapQuery[];
  gapPairs: number;
}

export interface Dashboard {
  dataset: string;
  querySet: { id: number; name: string; contentHash: string; queryCount: number };
  labels: { source: RunLabelSource; description: string; rows: number };
  k: number;
  seed: number;
  resamples: number;
  permutations: number;
  runs: (RunSummary & { variantSpecHash: string | null })[];
  /** The evaluated queries (those of the query set with labels), in evaluation order. */
  queries: { queryId: string; text: string; stratum: string | null }[];
  measures: DashboardMeasure[];
  coverage: DashboardCoverage;
  segments: SegmentBreakdown;
  overlap: PairOverlap[];
  /** The CLI line that prints the same numbers from exported files (see `dashboard.files`). */
  reproduce: string;
}

export interface DashboardFiles {
  /** The labels the dashboard used, as a TREC qrels file. */
  qrels: string;
  runs: { name: string; text: string }[];
}

export interface Provenance {
  generatedAt: string;
  appVersion: string;
  querySet: { id: number; name: string; contentHash: string; origin: unknown };
  judgments: { description: string; rows: number; sha256: string };
  index: { dataset: string; format: string; source: string; docCount: number; lanceTable: string; indexedAt: string | null; sha256: string };
  runs: { id: number; name: string; variant: string | null; sha256: string; variantSpecHash: string | null }[];
  models: { id: string; files: { name: string; sha256: string }[] }[];
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Stable JSON (sorted keys), so equal specs hash equally whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Model ids a variant spec names (retrievers, rerankers): every `model` field anywhere in it. */
function modelIdsOf(spec: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) spec.forEach((item) => modelIdsOf(item, into));
  else if (spec && typeof spec === 'object') {
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'model' && typeof value === 'string') into.add(value);
      else modelIdsOf(value, into);
    }
  }
  return into;
}

const MEASURE_LABELS: { spec: (k: number) => string; column: (k: number) => string; label: (k: number) => string }[] = [
  { spec: (k) => `ndcg_cut.${k}`, column: (k) => `ndcg_cut_${k}`, label: (k) => `nDCG@${k}` },
  { spec: (k) => `P.${k}`, column: (k) => `P_${k}`, label: (k) => `P@${k}` },
  { spec: () => 'map', column: () => 'map', label: () => 'MAP' },
  { spec: (k) => `err_cut.${k}`, column: (k) => `err_cut_${k}`, label: (k) => `ERR@${k}` },
];

/** The stratum sizes a stratified sample recorded in its origin (see query-sets-service sampleOrigin), else null. */
function sampleDesign(origin: unknown): StratumPopulation[] | null {
  const recorded = origin as { kind?: string; strata?: unknown; strataSizes?: StratumPopulation[] } | null;
  if (recorded?.kind !== 'sample' || !recorded.strata || !Array.isArray(recorded.strataSizes)) return null;
  return recorded.strataSizes.map(({ key, population, trafficShare }) => ({ key, population, trafficShare }));
}

/**
 * The metrics dashboard of a comparison: stored runs (or variants run over the query set) scored on one
 * label source with the evaluation engine exactly as `relwb compare` scores the exported files, plus
 * per-query deltas, segments, list overlap, Judged@k coverage and the unjudged gap.
 */
export function createDashboardService(
  ctx: RuntimeContext,
  deps: { datasets: DatasetsService; variants: VariantsService; runs: RunsService; querySets: QuerySetsService; tasks: TasksService; agreement: AgreementService },
) {
  const { store } = ctx;
  const querySetOrigin = (set: QuerySetRow) => `query set ${set.id} (${set.contentHash.slice(0, 12)})`;

  const labelRows = (dataset: DatasetRow, source: RunLabelSource, queryIds: ReadonlySet<string>): { rows: QrelInput[]; description: string } => {
    const all = source.kind === 'task' ? deps.agreement.consensusQrels(dataset.id, source.task) : { rows: store.qrels.list(dataset.id), label: 'qrels' };
    const rows = all.rows.filter((row) => queryIds.has(row.queryId)).map(({ queryId, docId, relevance }) => ({ queryId, docId, relevance }));
    const description = source.kind === 'task' ? `${all.label}, ${rows.length} on the query set` : `qrels (${rows.length} judgments on the query set)`;
    return { rows, description };
  };

  /** A stored run of the variant over exactly this query set at this depth with the variant's current spec, else a new one. */
  const runForVariant = async (dataset: DatasetRow, set: QuerySetRow, queries: QuerySetQueryRow[], variant: string, depth: number, caller: Caller): Promise<RunRow> => {
    const specHash = sha256(canonicalJson(deps.variants.get(variant)));
    const origin = querySetOrigin(set);
    const stored = store.runs
      .list(dataset.id)
      .filter((run) => run.source === 'variant' && run.variant === variant && run.origin === origin && run.depth === depth && sha256(canonicalJson(run.variantSpec)) === specHash)
      .at(-1);
    if (stored) return stored;
    const made = await deps.runs.startRun(
      { dataset: dataset.name, variant, k: depth, queries: { kind: 'list', queries: queries.map(({ queryId, text }) => ({ queryId, text })), label: origin } },
      caller,
    ).finished;
    return store.runs.find(made.id)!;
  };

  const topKByQuery = (run: RunRow, k: number): Map<string, string[]> => {
    const byQuery = new Map<string, string[]>();
    for (const result of store.runResults.list(run.id)) {
      if (result.rank > k) continue;
      byQuery.set(result.queryId, [...(byQuery.get(result.queryId) ?? []), result.docId]);
    }
    return byQuery;
  };

  interface Prepared {
    dataset: DatasetRow;
    set: QuerySetRow;
    queries: QuerySetQueryRow[];
    runs: RunRow[];
    labels: { rows: QrelInput[]; description: string };
  }

  const prepare = async (args: DashboardArgs, caller: Caller): Promise<Prepared> => {
    const dataset = deps.datasets.require(args.dataset);
    const set = deps.querySets.require(args.querySet);
    if (set.datasetId !== dataset.id) throw new AppError('INVALID_ARGS', `query set ${set.id} belongs to another dataset`, { field: 'querySet' });
    const queries = deps.querySets.queries(set.id);
    const runs: RunRow[] = [];
    for (const id of args.runs) {
      const run = store.runs.find(id);
      if (!run) throw new AppError('NOT_FOUND', `no run with id ${id}`, { field: 'runs' });
      if (run.datasetId !== dataset.id) throw new AppError('INVALID_ARGS', `run ${id} belongs to another dataset`, { field: 'runs' });
      runs.push(run);
    }
    for (const variant of args.variants) runs.push(await runForVariant(dataset, set, queries, variant, args.depth, caller));
    if (runs.length < 2) throw new AppError('INVALID_ARGS', 'pick at least two runs or variants to compare', { field: 'runs' });
    if (new Set(runs.map((run) => run.id)).size !== runs.length) throw new AppError('INVALID_ARGS', 'a run appears twice in the comparison', { field: 'runs' });
    const labels = labelRows(dataset, args.labels, new Set(queries.map((query) => query.queryId)));
    if (labels.rows.length === 0) throw new AppError('INVALID_ARGS', `the chosen labels have none for the queries of query set "${set.name}"`, { field: 'labels' });
    return { dataset, set, queries, runs, labels };
  };

  const build = (prepared: Prepared, args: DashboardArgs): Dashboard => {
    const { dataset, set, queries, runs, labels } = prepared;
    const { k } = args;
    const specs = [...MEASURE_LABELS.map((entry) => entry.spec(k)), `judged.${k}`];
    const qrels = qrelsFromRows(labels.rows, labels.description);
    const options = { measures: resolveMeasures(specs), averageOverAllJudgedQueries: true };
    const evaluations = runs.map((run) => evaluateRun(qrels, runFromRows(store.runResults.list(run.id), run.name), options));
    const seed = args.seed ?? COMPARISON_DEFAULTS.seed;
    const comparison = compareEvaluations(evaluations, { seed });
    const column = (name: string) => {
      const found = comparison.measures.find((measure) => measure.measure === name);
      if (!found) throw new Error(`the evaluation has no column ${name}`);
      return found;
    };
    const measures = MEASURE_LABELS.map((entry): DashboardMeasure => {
      const compared = column(entry.column(k));
      return {
        spec: entry.spec(k),
        column: compared.measure,
        label: entry.label(k),
        means: compared.means,
        meanIntervals: compared.perQuery.map((values) => meanInterval(values)),
        pairs: compared.pairs,
        tukey: runs.length >= 3 && comparison.queryIds.length >= 2 ? tukeyHsd(compared.perQuery) : null,
        perQuery: compared.perQuery,
        histograms: compared.perQuery.map((values) => scoreHistogram(values)),
        deltas: compared.pairs.map((pair) => sortedQueryDeltas(comparison.queryIds, compared.perQuery[pair.baseline]!, compared.perQuery[pair.contender]!)),
      };
    });
    const judged = column(`judged_${k}`);
    const topK = runs.map((run) => topKByQuery(run, k));
    const queryIds = queries.map((query) => query.queryId);
    const labelled = new Set(labels.rows.map((row) => `${row.queryId}\t${row.docId}`));
    const gap = judgmentGap(queryIds, topK, k, labelled);
    const byId = new Map(queries.map((query) => [query.queryId, query]));
    const strata = sampleDesign(set.origin);
    const segments = segmentBreakdown(
      comparison.queryIds,
      new Map(queries.map((query) => [query.queryId, query.stratum])),
      measures.map((measure) => ({ measure: measure.label, perRun: measure.perQuery })),
      { seed, resamples: COMPARISON_DEFAULTS.resamples, permutations: COMPARISON_DEFAULTS.permutations },
      strata && { strata, weighting: args.stratumWeighting },
    );
    const runNames = runs.map((run) => `${run.name}.trec`).join(' ');
    return {
      dataset: dataset.name,
      querySet: { id: set.id, name: set.name, contentHash: set.contentHash, queryCount: queries.length },
      labels: { source: args.labels, description: labels.description, rows: labels.rows.length },
      k,
      seed,
      resamples: COMPARISON_DEFAULTS.resamples,
      permutations: COMPARISON_DEFAULTS.permutations,
      runs: runs.map((run) => ({ ...deps.runs.get(run.id), variantSpecHash: run.variantSpec === null ? null : sha256(canonicalJson(run.variantSpec)) })),
      queries: comparison.queryIds.map((queryId) => ({ queryId, text: byId.get(queryId)?.text ?? '', stratum: byId.get(queryId)?.stratum ?? null })),
      measures,
      coverage: {
        spec: `judged.${k}`,
        column: judged.measure,
        judged: judged.means,
        threshold: args.coverageThreshold,
        belowThreshold: judged.means.flatMap((value, i) => (value < args.coverageThreshold ? [i] : [])),
        gap,
        gapPairs: gap.reduce((sum, query) => sum + query.unjudged.length, 0),
      },
      segments,
      overlap: listOverlap(queryIds, topK, k),
      reproduce: `relwb compare labels.qrels ${runNames} ${specs.map((spec) => `-m ${spec}`).join(' ')} --seed ${seed}`,
    };
  };

  const files = (prepared: Prepared): DashboardFiles => ({
    qrels: [...prepared.labels.rows]
      .sort((a, b) => (a.queryId < b.queryId ? -1 : a.queryId > b.queryId ? 1 : a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0))
      .map((row) => `${row.queryId} 0 ${row.docId} ${row.relevance}\n`)
      .join(''),
    runs: prepared.runs.map((run) => ({ name: run.name, text: deps.runs.trecText(run.id) })),
  });

  const modelHashes = async (runs: RunRow[]): Promise<Provenance['models']> => {
    const ids = new Set<string>();
    for (const run of runs) modelIdsOf(run.variantSpec, ids);
    const models: Provenance['models'] = [];
    for (const id of [...ids].sort()) {
      const model = await ctx.loadModel(id).catch(() => null);
      if (!model) {
        models.push({ id, files: [] });
        continue;
      }
      const names = fs.readdirSync(model.dir).filter((name) => fs.statSync(path.join(model.dir, name)).isFile()).sort();
      models.push({ id, files: names.map((name) => ({ name, sha256: sha256(fs.readFileSync(path.join(model.dir, name))) })) });
    }
    return models;
  };

  /** The dashboard with what it was computed from, hashed, so a report can be audited later. */
  const withProvenance = async (args: DashboardArgs, caller: Caller): Promise<{ dashboard: Dashboard; provenance: Provenance }> => {
    const prepared = await prepare(args, caller);
    const dashboard = build(prepared, args);
    const { dataset, set, runs } = prepared;
    const index = { dataset: dataset.name, format: dataset.format, source: dataset.source, docCount: dataset.docCount, lanceTable: dataset.lanceTable, indexedAt: dataset.indexedAt };
    const provenance: Provenance = {
      generatedAt: ctx.now().toISOString(),
      appVersion: ctx.config.version,
      querySet: { id: set.id, name: set.name, contentHash: set.contentHash, origin: set.origin },
      judgments: { description: prepared.labels.description, rows: prepared.labels.rows.length, sha256: sha256(files(prepared).qrels) },
      index: { ...index, sha256: sha256(canonicalJson({ ...index, analyzer: dataset.analyzer, vectorColumns: dataset.vectorColumns })) },
      runs: runs.map((run, i) => ({ id: run.id, name: run.name, variant: run.variant, sha256: sha256(deps.runs.trecText(run.id)), variantSpecHash: dashboard.runs[i]!.variantSpecHash })),
      models: await modelHashes(runs),
    };
    return { dashboard, provenance };
  };

  return {
    /** The dashboard's figures; variants without a matching stored run over the query set are run first. */
    async build(args: DashboardArgs, caller: Caller): Promise<Dashboard> {
      return build(await prepare(args, caller), args);
    },

    /** The labels and runs behind a dashboard as files: `relwb compare` on them prints the dashboard's numbers. */
    async files(args: DashboardArgs, caller: Caller): Promise<DashboardFiles> {
      return files(await prepare(args, caller));
    },

    withProvenance,

    /** The comparison as a report file: self-contained HTML (inline SVG, no script) or JSON, both with provenance. */
    async report(args: DashboardArgs, format: 'html' | 'json', caller: Caller): Promise<{ fileName: string; mimeType: string; text: string }> {
      const { dashboard, provenance } = await withProvenance(args, caller);
      const stem = `comparison-${dashboard.dataset.replace(/[^\w.-]+/g, '_')}-${provenance.generatedAt.replace(/[:.]/g, '-')}`;
      return format === 'html'
        ? { fileName: `${stem}.html`, mimeType: 'text/html', text: dashboardReportHtml(dashboard, provenance) }
        : { fileName: `${stem}.json`, mimeType: 'application/json', text: dashboardReportJson(dashboard, provenance) };
    },

    /**
     * "Rate the gap": a rating task over the queries with unlabelled documents in the union of the top k,
     * pooling the compared variants' top k (already judged pairs on the scale are reused, not pooled again).
     */
    async rateGap(args: DashboardArgs & { name?: string }, caller: Caller): Promise<{ task: TaskSummary; gapPairs: number; queries: number }> {
      const prepared = await prepare(args, caller);
      const dashboard = build(prepared, args);
      const variantRuns = prepared.runs.filter((run) => run.variant !== null);
      if (variantRuns.length !== prepared.runs.length) {
        throw new AppError('INVALID_ARGS', 'an imported run cannot be pooled for rating: compare variants (or runs of variants) to rate the gap', { field: 'runs' });
      }
      const { gap, gapPairs } = dashboard.coverage;
      if (gap.length === 0) throw new AppError('INVALID_ARGS', `every document in the top ${args.k} is already labelled`, { field: 'labels' });
      const gapIds = new Set(gap.map((query) => query.queryId));
      const base = args.name ?? `gap ${prepared.set.name} @${args.k}`.slice(0, 70);
      let name = base;
      for (let n = 2; store.ratingTasks.findByName(name) || store.querySets.findByName(prepared.dataset.id, name); n++) name = `${base} ${n}`;
      const querySet = deps.querySets.save(
        {
          dataset: prepared.dataset.name,
          name,
          queries: prepared.queries.filter((query) => gapIds.has(query.queryId)).map(({ queryId, text, stratum }) => ({ queryId, text, stratum })),
          origin: { kind: 'gap', of: prepared.set.id, ofHash: prepared.set.contentHash, labels: args.labels, k: args.k, runs: prepared.runs.map((run) => run.id) },
        },
        caller,
      );
      const taskScale = args.labels.kind === 'task' ? (store.ratingTasks.find(args.labels.task)!.spec as TaskSpec).scale : FIVE_LEVEL_SCALE;
      const task = await deps.tasks.create(
        {
          name,
          dataset: prepared.dataset.name,
          querySet: querySet.id,
          variants: [...new Set(variantRuns.map((run) => run.variant!))],
          depth: args.k,
          scale: BUILT_IN_SCALES.some((scale) => scale.id === taskScale.id) ? taskScale.id : { ...taskScale },
          overlap: 1,
          guidelines: '',
          blind: true,
          reuse: true,
          consensus: 'median',
          raters: [],
          gold: [],
        },
        caller,
      );
      return { task, gapPairs, queries: gap.length };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
