import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeContext } from '../context/runtime-context';
import { bundledDatasets } from '../datasets/bundled';
import { readQuerySet } from '../datasets/query-set-format';
import type { DatasetsService } from '../datasets/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import type { DatasetRow } from '../store/datasets-table';
import type { QuerySetQueryRow, QuerySetRow } from '../store/query-sets-table';
import { standardDeviation } from '../eval/statistics';
import { judgedNdcgByQuery } from './judged-ndcg';
import { BUNDLED_QUERY_LOG_FILE, readQueryLog, type QueryLogEntry } from './query-log';
import { normalizeQuery, querySetHash } from './query-set-hash';
import {
  DEFAULT_TIER_THRESHOLDS,
  drawSample,
  type AllocationMethod,
  type SampleMethod,
  type StratifyBy,
  type TierThresholds,
} from './sampling';

/** Where a sample's query log comes from: a file, or the log shipped with a bundled demo dataset. */
export type QueryLogSource = { kind: 'file'; path: string } | { kind: 'bundled' };

/** A seeded sample of a query log; `strata` exactly when the method is stratified. */
export interface SampleSource {
  kind: 'sample';
  log: QueryLogSource;
  method: SampleMethod;
  size: number;
  seed: number;
  strata?: { by: StratifyBy; tierThresholds?: TierThresholds; allocation: AllocationMethod };
}

/** Where a query set's queries come from. */
export type QuerySetSource =
  | { kind: 'dataset' }
  | { kind: 'list'; lines: string[] }
  | { kind: 'file'; path: string }
  | SampleSource;

export interface StratumPreview {
  key: string;
  /** N_h: distinct queries of the log in the stratum. */
  population: number;
  /** The stratum's share of the log's total count. */
  trafficShare: number;
  sampleSize: number;
  /** SD of per-query nDCG@10 (differences) used for allocation and the MDE. */
  sd: number;
  /** 'judgments' when measured on 2+ of the stratum's queries judged in earlier tasks, else the documented default. */
  sdSource: 'judgments' | 'default';
  /** Minimum detectable effect of nDCG@10 for this stratum's sample alone; null below 2 queries. */
  minimumDetectableEffect: number | null;
}

export interface SampledLog {
  kind: QueryLogSource['kind'];
  path: string;
  /** SHA-256 of the log file's bytes, so the origin says exactly which log was sampled. */
  sha256: string;
  queries: number;
  totalCount: number;
}

export interface SamplePreview {
  log: SampledLog;
  method: SampleMethod;
  size: number;
  seed: number;
  strata: StratumPreview[];
  /** For stratified samples: what was asked and what was used (Neyman needs a measured SD in every stratum). */
  allocation: { requested: AllocationMethod; used: AllocationMethod } | null;
  /** MDE of nDCG@10 (α = 0.05, power 0.8) for the whole sample; for a stratified one, of the stratum-weighted mean. */
  minimumDetectableEffect: number | null;
  /** How estimates from this sample are to be computed; the UI shows it as it is. */
  weightingNote: string;
  /** The sampled queries in set order, with the id they get in the set. */
  queries: { queryId: string; text: string; count: number; stratum: string | null }[];
}

const STRATIFIED_WEIGHTING_NOTE =
  'Estimates from a stratified sample are weighted by stratum: each stratum\'s mean counts by its share of the log\'s queries (W_h = N_h/N), so a stratum sampled more heavily than its size does not skew the result.';
const UNSTRATIFIED_WEIGHTING_NOTE = 'Not stratified: every sampled query counts equally in an estimate.';

/** Below this many judged queries a stratum's SD is not measured but assumed. */
const MIN_JUDGED_FOR_SD = 2;

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export interface QuerySetSummary {
  id: number;
  dataset: string;
  name: string;
  origin: unknown;
  contentHash: string;
  queryCount: number;
  /** Used by a rating task: then it never changes (copy it to change it). */
  locked: boolean;
  createdAt: string;
  createdBy: string;
}

export const QUERY_SET_NAME_PATTERN = /^\S(?:.{0,78}\S)?$/u;

type NewQuery = Omit<QuerySetQueryRow, 'position'>;

/** Pasted lines: `id<TAB>text`, or just the text (then the id is its line number). */
function queriesFromLines(lines: readonly string[]): NewQuery[] {
  const queries: NewQuery[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    const [queryId, text] = tab > 0 ? [line.slice(0, tab).trim(), line.slice(tab + 1).trim()] : [String(index + 1), line.trim()];
    if (text === '') throw new AppError('INVALID_ARGS', `line ${index + 1}: query text is empty`, { line: index + 1, field: 'text' });
    queries.push({ queryId, text, stratum: null });
  });
  return queries;
}

/**
 * Query sets: the queries a rating task (or a run) covers. Seeded samples and pasted lists are recorded
 * with how they were made and a content hash; nothing edits a set in place.
 */
export function createQuerySetsService(ctx: RuntimeContext, { datasets }: { datasets: DatasetsService }) {
  const { store } = ctx;
  const summarize = (row: QuerySetRow, dataset: DatasetRow): QuerySetSummary => ({
    id: row.id,
    dataset: dataset.name,
    name: row.name,
    origin: row.origin,
    contentHash: row.contentHash,
    queryCount: store.querySets.queries(row.id).length,
    locked: store.ratingTasks.querySetInUse(row.id),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  });
  const requireSet = (id: number): QuerySetRow => {
    const row = store.querySets.find(id);
    if (!row) throw new AppError('NOT_FOUND', `no query set with id ${id}`, { field: 'querySet' });
    return row;
  };
  const datasetOf = (row: QuerySetRow): DatasetRow => store.datasets.list().find((dataset) => dataset.id === row.datasetId)!;

  const logFile = (dataset: DatasetRow, log: QueryLogSource): string => {
    if (log.kind === 'file') return log.path;
    const bundled = bundledDatasets().find((demo) => demo.name === dataset.name && demo.format === dataset.format);
    const file = bundled && path.join(bundled.path, BUNDLED_QUERY_LOG_FILE);
    if (!file || !fs.existsSync(file)) throw new AppError('NOT_FOUND', `dataset "${dataset.name}" has no bundled query log: sample a log file instead`, { field: 'log' });
    return file;
  };

  /** A sampled query keeps the id of the dataset query with the same text, else an id from its text, so one query has one id in every sample. */
  const queryIdsFor = (dataset: DatasetRow) => {
    const known = new Map(store.queries.list(dataset.id).map((query) => [normalizeQuery(query.text), query.queryId]));
    return (text: string) => known.get(normalizeQuery(text)) ?? `log-${createHash('sha256').update(normalizeQuery(text)).digest('hex').slice(0, 12)}`;
  };

  const preview = async (dataset: DatasetRow, source: SampleSource): Promise<SamplePreview> => {
    const file = logFile(dataset, source.log);
    const entries = await readQueryLog(file);
    const judged = judgedNdcgByQuery(store, dataset.id);
    const sdOf = (members: readonly QueryLogEntry[]) => {
      const values = members.flatMap((entry) => (judged.has(normalizeQuery(entry.query)) ? [judged.get(normalizeQuery(entry.query))!] : []));
      return values.length >= MIN_JUDGED_FOR_SD ? standardDeviation(values) : undefined;
    };
    const strata = source.strata && { by: source.strata.by, thresholds: source.strata.tierThresholds ?? DEFAULT_TIER_THRESHOLDS, allocation: source.strata.allocation };
    const drawn = drawSample(entries, { method: source.method, size: source.size, seed: source.seed, strata }, sdOf);
    const idOf = queryIdsFor(dataset);
    return {
      log: { kind: source.log.kind, path: file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), queries: entries.length, totalCount: entries.reduce((sum, entry) => sum + entry.count, 0) },
      method: source.method,
      size: source.size,
      seed: source.seed,
      strata: drawn.strata.map(({ minimumDetectableEffect, ...stratum }) => ({ ...stratum, minimumDetectableEffect: finiteOrNull(minimumDetectableEffect) })),
      allocation: strata && drawn.allocation ? { requested: strata.allocation, used: drawn.allocation } : null,
      minimumDetectableEffect: finiteOrNull(drawn.minimumDetectableEffect),
      weightingNote: strata ? STRATIFIED_WEIGHTING_NOTE : UNSTRATIFIED_WEIGHTING_NOTE,
      queries: drawn.queries.map(({ entry, stratum }) => ({ queryId: idOf(entry.query), text: entry.query, count: entry.count, stratum })),
    };
  };

  /** What a sampled set records of how it was made: enough to draw it again and to weight its strata. */
  const sampleOrigin = (source: SampleSource, sample: SamplePreview) => ({
    kind: 'sample',
    method: sample.method,
    size: sample.size,
    seed: sample.seed,
    log: sample.log,
    strata: source.strata ? { by: source.strata.by, tierThresholds: source.strata.tierThresholds ?? DEFAULT_TIER_THRESHOLDS, allocation: sample.allocation } : null,
    strataSizes: sample.strata.map(({ key, population, trafficShare, sampleSize, sd, sdSource }) => ({ key, population, trafficShare, sampleSize, sd, sdSource })),
  });

  const resolveSource = async (dataset: DatasetRow, source: QuerySetSource): Promise<{ queries: NewQuery[]; origin: unknown }> => {
    if (source.kind === 'dataset') return { queries: store.queries.list(dataset.id).map((query) => ({ queryId: query.queryId, text: query.text, stratum: null })), origin: source };
    if (source.kind === 'list') return { queries: queriesFromLines(source.lines), origin: { kind: 'list' } };
    if (source.kind === 'file') {
      const queries = (await readQuerySet(source.path)).map((entry) => ({ queryId: entry.queryId, text: entry.text, stratum: entry.segment }));
      return { queries, origin: source };
    }
    const sample = await preview(dataset, source);
    return { queries: sample.queries.map(({ queryId, text, stratum }) => ({ queryId, text, stratum })), origin: sampleOrigin(source, sample) };
  };

  const service = {
    list: (datasetName: string): QuerySetSummary[] => {
      const dataset = datasets.require(datasetName);
      return store.querySets.list(dataset.id).map((row) => summarize(row, dataset));
    },
    get: (id: number): QuerySetSummary => {
      const row = requireSet(id);
      return summarize(row, datasetOf(row));
    },
    queries: (id: number): QuerySetQueryRow[] => store.querySets.queries(requireSet(id).id),
    require: requireSet,

    /** Stores a set of queries with how it was made; `origin` records the source (and a sample's method and seed). */
    save(
      { dataset: datasetName, name, queries, origin }: { dataset: string; name: string; queries: readonly NewQuery[]; origin: unknown },
      caller: Caller,
    ): QuerySetSummary {
      const dataset = datasets.require(datasetName);
      if (!QUERY_SET_NAME_PATTERN.test(name)) throw new AppError('INVALID_ARGS', `query set name "${name}" must be 1-80 characters`, { field: 'name' });
      if (store.querySets.findByName(dataset.id, name)) throw new AppError('ALREADY_EXISTS', `dataset "${dataset.name}" already has a query set named "${name}"`, { field: 'name' });
      if (queries.length === 0) throw new AppError('INVALID_ARGS', 'a query set needs at least one query', { field: 'queries' });
      const seen = new Set<string>();
      for (const query of queries) {
        if (seen.has(query.queryId)) throw new AppError('INVALID_ARGS', `query id "${query.queryId}" appears twice`, { field: 'queries' });
        seen.add(query.queryId);
      }
      const id = store.transaction(() =>
        store.querySets.insert({ datasetId: dataset.id, name, origin, contentHash: querySetHash(queries.map((query) => query.text)), createdBy: caller.name }, queries, ctx.now().toISOString()),
      );
      ctx.events.changed('query-sets');
      return summarize(requireSet(id), dataset);
    },

    async create({ dataset: datasetName, name, source }: { dataset: string; name: string; source: QuerySetSource }, caller: Caller): Promise<QuerySetSummary> {
      const dataset = datasets.require(datasetName);
      const { queries, origin } = await resolveSource(dataset, source);
      return service.save({ dataset: dataset.name, name, queries, origin }, caller);
    },

    /** What `create` with this sample would store, per stratum and query, without storing anything. */
    previewSample: ({ dataset, source }: { dataset: string; source: SampleSource }): Promise<SamplePreview> => preview(datasets.require(dataset), source),

    /** A copy under a new name (the way to change a locked set): same queries unless new ones are given. */
    copy({ id, name, lines }: { id: number; name: string; lines?: string[] }, caller: Caller): QuerySetSummary {
      const source = requireSet(id);
      const queries = lines ? queriesFromLines(lines) : store.querySets.queries(id).map(({ queryId, text, stratum }) => ({ queryId, text, stratum }));
      return service.save({ dataset: datasetOf(source).name, name, queries, origin: { kind: 'copy', of: source.id, ofHash: source.contentHash } }, caller);
    },

    remove(id: number): { deleted: number } {
      const row = requireSet(id);
      if (store.ratingTasks.querySetInUse(row.id)) throw new AppError('CONFLICT', `query set "${row.name}" is used by a rating task`, { field: 'querySet' });
      store.querySets.remove(row.id);
      ctx.events.changed('query-sets');
      return { deleted: 1 };
    },
  };
  return service;
}

export type QuerySetsService = ReturnType<typeof createQuerySetsService>;
