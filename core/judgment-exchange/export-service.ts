/**
 * Judgments out: a rating task's judgments (or an imported source's) with their consensus labels, in
 * the formats training pipelines and peer tools read, filtered, optionally split by query, written to
 * files as they are produced. Labels come from stored judgments only; nothing is copied elsewhere.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { sourceJudgments } from '../judgments/source-labels';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../ranking/features';
import type { ResultExplanation } from '../ranking/run-variant';
import { consensus, type ConsensusRule } from '../rating/consensus';
import type { TaskSpec } from '../rating/tasks-service';
import { AppError } from '../runtime/errors';
import { jobsWithResults, type JobSnapshot, type ProgressReporter } from '../runtime/jobs';
import type { FullDocument, SearchService } from '../search/service';
import type { DatasetRow } from '../store/datasets-table';
import { writeFileWith as writeLines, type LineSink } from './formats/line-sink';
import {
  numericQueryIds,
  writeBeirQrels,
  writeFeatureRowIds,
  writeLetor,
  writeLightgbm,
  writePairs,
  writeQuepidCsv,
  writeRre,
  writeSrw,
  writeTrecPrefs,
  writeTrecQrels,
  writeWideCsv,
  writeXgboost,
  type FeatureLine,
  type LabelledPair,
  type RaterGrade,
} from './formats/writers';
import { sideBySideComparisons, sideBySidePreferences } from './side-by-side';
import { SPLIT_PARTS, splitQueries, type SplitPart } from './split';
import { tarStream } from './tar';

export const EXPORT_FORMATS = ['qrels', 'prefs', 'beir', 'jsonl', 'quepid-csv', 'wide-csv', 'letor', 'lightgbm', 'xgboost', 'pairs', 'rre', 'srw'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const FEATURE_FORMATS: ReadonlySet<ExportFormat> = new Set(['letor', 'lightgbm', 'xgboost']);
/** Formats that carry side-by-side document preferences. */
export const PREFERENCE_FORMATS: ReadonlySet<ExportFormat> = new Set(['prefs', 'pairs']);
const EXTENSIONS: Record<ExportFormat, string> = {
  qrels: 'qrels', prefs: 'prefs', beir: 'tsv', jsonl: 'jsonl', 'quepid-csv': 'csv', 'wide-csv': 'csv',
  letor: 'txt', lightgbm: 'txt', xgboost: 'txt', pairs: 'jsonl', rre: 'json', srw: 'json',
};

/** What each format leaves out: shown beside the format in the UI and the README. */
export const FORMAT_DROPS: Record<ExportFormat, string> = {
  qrels: 'keeps one consensus label per pair; drops raters, skips, notes, timestamps and features',
  beir: 'keeps one consensus label per pair; drops raters, skips, notes, timestamps and features',
  prefs: 'keeps each rater\'s grades, and side-by-side preferences as document preferences (one judgment group per rater, comparison and query); drops skips, notes, timestamps and features',
  jsonl: 'keeps everything (imports read back query, document, label and rater; skips are counted, not imported)',
  'quepid-csv': 'keeps one label per pair; queries by their text; drops raters and the rest',
  'wide-csv': 'keeps each rater\'s grades side by side; drops skips, notes and timestamps',
  letor: 'keeps labels and features; drops raters and text',
  lightgbm: 'keeps labels and features (document ids in the .rows.tsv file); drops raters and text',
  xgboost: 'keeps labels and features (document ids in the .rows.tsv file); drops raters and text',
  pairs: 'keeps preference pairs within a query, graded and from side-by-side answers (comparison, strength, rater); drops equal grades and absolute labels',
  rre: 'keeps one label per pair (gain); drops raters and the rest',
  srw: 'keeps one label per pair (rating as a string); queries by their text; drops raters and the rest',
};

export interface ExportFilters {
  /** One rating task's judgments (default: every task of the dataset). */
  task?: number;
  /** An imported source's judgments instead of the rating tasks'. */
  source?: string;
  /** Only this rater's judgments (for an imported source: the rater its file named). */
  rater?: string;
  /** ISO dates or times: judgments last changed in [from, to]. */
  from?: string;
  to?: string;
  /** Pairs whose raters agree with the consensus label at least this often (0–1). */
  minAgreement?: number;
  excludeGold?: boolean;
  excludeSkips?: boolean;
  /** One side-by-side comparison: its preferences only, and (without `task`) its rating task's judgments. */
  comparison?: number;
  /** `prefs` and `pairs`: include the document preferences side-by-side answers imply (default true). */
  sideBySide?: boolean;
}

export interface ExportArgs extends ExportFilters {
  dataset: string;
  format: ExportFormat;
  /** A file; with `split`, a folder that gets train/validation/test files. */
  out: string;
  /** Rows are each labelled query's top `depth` under this variant (unjudged documents get gain 0); also computes missing features. */
  variant?: string;
  depth?: number;
  split?: readonly [number, number, number];
  seed?: number;
}

export interface ExportPreview {
  judgments: number;
  pairs: number;
  queries: number;
  /** `prefs` and `pairs`: document preferences derived from side-by-side answers. */
  preferences: number;
  raters: string[];
  sample: LabelledPair[];
  drops: string;
}

export interface ExportReport {
  format: ExportFormat;
  files: string[];
  judgments: number;
  pairs: number;
  queries: number;
  /** `prefs` and `pairs`: document preferences derived from side-by-side answers. */
  preferences: number;
  /** Lines written to the main file(s). */
  rows: number;
  /** Feature formats: rows whose vectors were computed at export time, and pairs left out without one. */
  computedFeatures: number;
  withoutFeatures: number;
  featureVersion: string | null;
  split: { part: SplitPart; queries: number; rows: number }[] | null;
  drops: string;
}

/** Queries ranked between two progress reports while computing features at export time. */
const FEATURE_QUERIES_PER_STEP = 10;

const CONTENT_TYPES: Record<string, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv; charset=utf-8', json: 'application/json' };

/** One export as a single file to send: the file itself, or a tar of all it wrote (a split, or a format that writes side files). */
export interface ExportDownload {
  fileName: string;
  contentType: string;
  size: number;
  body: AsyncIterable<Buffer>;
  report: ExportReport;
  /** Removes the temporary files; call once the body is sent (or abandoned). */
  dispose(): void;
}

/**
 * JSONL `stages`: the stage scores of a pair under `--variant`, computed at export time (raters saw ranks,
 * in `shown`, never scores, so none are logged); rank null when the variant's top `depth` misses the document.
 */
export type JsonlStages =
  | ({ variant: string; computed: true; depth: number; rank: number; score: number } & Pick<ResultExplanation, 'retrievers' | 'fusion' | 'rerank'>)
  | { variant: string; computed: true; depth: number; rank: null };

/** One judgment, with what the export needs to know around it. */
export interface JudgmentRecord {
  queryId: string;
  /** From the task's query set (its queries need not be the dataset's); null for an imported source. */
  query: { text: string; segment: string | null } | null;
  docId: string;
  /** A scale value; null for a skip. */
  grade: number | null;
  skipReason: string | null;
  note: string | null;
  scaleId: string;
  lowest: number;
  rater: { kind: 'rater' | 'import'; name: string };
  task: { id: number; name: string } | null;
  source: string | null;
  rule: ConsensusRule;
  levels: number[];
  createdAt: string;
  updatedAt: string;
  features: number[] | null;
  featureVersion: string | null;
  gold: number | null;
  adjudicated: number | null;
  /** Variant → rank where the pair was shown to raters. */
  shown: Record<string, number> | null;
  /** The group a consensus is taken over: one task's pair, or one source's pair. */
  groupKey: string;
}

export interface PairConsensus {
  queryId: string;
  docId: string;
  label: number;
  gain: number;
  rule: ConsensusRule;
  agreement: number;
  gold: boolean;
  features: number[] | null;
}

/** Per pair (within its task or source): the consensus label, how often raters agree with it, and the first logged features of the current version. */
export function pairConsensus(records: readonly JudgmentRecord[], { excludeGold = false }: { excludeGold?: boolean } = {}): PairConsensus[] {
  const groups = new Map<string, JudgmentRecord[]>();
  for (const record of records) groups.set(record.groupKey, [...(groups.get(record.groupKey) ?? []), record]);
  // A pair in several tasks or sources: the group seen last wins (tasks in id order, imports after them).
  const byPair = new Map<string, PairConsensus>();
  for (const group of groups.values()) {
    const first = group[0]!;
    if (excludeGold && first.gold !== null) continue;
    const grades = group.flatMap((record) => (record.grade === null ? [] : [record.grade]));
    // A gold pair's label is known; an adjudication overrides it, as in the agreement view.
    const label = first.gold !== null && first.adjudicated === null ? first.gold : consensus(grades, first.rule, { levels: first.levels, adjudicated: first.adjudicated }).label;
    if (label === null) continue;
    const agreement = grades.length === 0 ? 1 : grades.filter((grade) => grade === label).length / grades.length;
    const features = group.find((record) => record.features !== null && record.featureVersion === FEATURE_SET_VERSION)?.features ?? null;
    byPair.set(`${first.queryId}\t${first.docId}`, { queryId: first.queryId, docId: first.docId, label, gain: label - first.lowest, rule: first.rule, agreement, gold: first.gold !== null, features });
  }
  return [...byPair.values()];
}

export function filterRecords(records: readonly JudgmentRecord[], filters: ExportFilters): JudgmentRecord[] {
  return records.filter(
    (record) =>
      (filters.rater === undefined || record.rater.name === filters.rater) &&
      (filters.from === undefined || record.updatedAt >= filters.from) &&
      (filters.to === undefined || record.updatedAt.slice(0, filters.to.length) <= filters.to) &&
      (!filters.excludeSkips || record.grade !== null) &&
      (!filters.excludeGold || record.gold === null),
  );
}

export function createJudgmentExportService(ctx: RuntimeContext, deps: { datasets: DatasetsService; search: SearchService }) {
  const { store } = ctx;

  const taskRecords = (dataset: DatasetRow, taskId: number | undefined): JudgmentRecord[] => {
    const tasks = store.ratingTasks.list().filter((task) => task.datasetId === dataset.id && (taskId === undefined || task.id === taskId));
    if (taskId !== undefined && tasks.length === 0) throw new AppError('NOT_FOUND', `dataset "${dataset.name}" has no rating task ${taskId}`, { field: 'task' });
    const raters = new Map(store.raters.list().map((rater) => [rater.id, rater.name]));
    return tasks.flatMap((task) => {
      const spec = task.spec as TaskSpec;
      const levels = spec.scale.levels.map((level) => level.value);
      const pairs = new Map(store.ratingTasks.pairs(task.id).map((pair) => [pair.pairIndex, pair]));
      const adjudications = new Map(store.adjudications.forTask(task.id).map((row) => [row.pairIndex, row.grade]));
      const queries = new Map(store.querySets.queries(task.querySetId).map((query) => [query.queryId, { text: query.text, segment: query.stratum ?? null }]));
      return store.judgments.forTask(task.id).map((judgment): JudgmentRecord => {
        const pair = pairs.get(judgment.pairIndex);
        return {
          queryId: judgment.queryId,
          query: queries.get(judgment.queryId) ?? null,
          docId: judgment.docId,
          grade: judgment.grade,
          skipReason: judgment.skipReason,
          note: judgment.note,
          scaleId: judgment.scaleId,
          lowest: Math.min(...levels),
          rater: { kind: 'rater', name: raters.get(judgment.raterId) ?? `rater ${judgment.raterId}` },
          task: { id: task.id, name: task.name },
          source: null,
          rule: spec.consensus,
          levels,
          createdAt: judgment.createdAt,
          updatedAt: judgment.updatedAt,
          features: judgment.features ?? pair?.features ?? null,
          featureVersion: judgment.features ? judgment.featureVersion : (pair?.featureVersion ?? null),
          gold: pair?.goldGrade ?? null,
          adjudicated: adjudications.get(judgment.pairIndex) ?? null,
          shown: pair?.sources ?? null,
          groupKey: `task ${task.id}\t${judgment.queryId}\t${judgment.docId}`,
        };
      });
    });
  };

  const importRecords = (dataset: DatasetRow, source: string): JudgmentRecord[] => {
    const { imports, judgments, scaleId, scaleValues } = sourceJudgments(store, dataset.id, source);
    const importedAt = new Map(imports.map((entry) => [entry.id, entry.importedAt]));
    return judgments.map((row) => ({
      queryId: row.queryId,
      query: null,
      docId: row.docId,
      grade: row.grade,
      skipReason: null,
      note: null,
      scaleId,
      lowest: Math.min(...scaleValues),
      rater: { kind: 'import', name: row.fileRater || source },
      task: null,
      source,
      // The lower median, as the runs service labels an imported source.
      rule: 'median',
      levels: scaleValues,
      createdAt: importedAt.get(row.importId)!,
      updatedAt: importedAt.get(row.importId)!,
      features: null,
      featureVersion: null,
      gold: null,
      adjudicated: null,
      shown: null,
      groupKey: `source\t${row.queryId}\t${row.docId}`,
    }));
  };

  /** The judgments an export would hold, after its filters, with their pairs' consensus, and the side-by-side document preferences. */
  const select = (args: ExportArgs) => {
    const dataset = deps.datasets.require(args.dataset);
    if (args.task !== undefined && args.source !== undefined) throw new AppError('INVALID_ARGS', 'export a rating task or an imported source, not both', { field: 'source' });
    if (args.comparison !== undefined && args.source !== undefined) throw new AppError('INVALID_ARGS', 'export a comparison or an imported source, not both', { field: 'source' });
    const comparisons = args.source === undefined ? sideBySideComparisons(ctx, dataset.id, dataset.name, args) : [];
    // One comparison, no task named: the judgments of the comparison's own rating task.
    const taskId = args.task ?? (args.comparison !== undefined ? (comparisons[0]!.taskId ?? -1) : undefined);
    const all = args.source !== undefined ? importRecords(dataset, args.source) : taskId === -1 ? [] : taskRecords(dataset, taskId);
    let records = filterRecords(all, args);
    let pairs = pairConsensus(records, args);
    if (args.minAgreement !== undefined) {
      pairs = pairs.filter((pair) => pair.agreement >= args.minAgreement!);
      const kept = new Set(pairs.map((pair) => `${pair.queryId}\t${pair.docId}`));
      records = records.filter((record) => kept.has(`${record.queryId}\t${record.docId}`));
    }
    if (args.excludeGold) {
      const kept = new Set(pairs.map((pair) => `${pair.queryId}\t${pair.docId}`));
      records = records.filter((record) => kept.has(`${record.queryId}\t${record.docId}`));
    }
    const preferences = PREFERENCE_FORMATS.has(args.format) && args.sideBySide !== false ? sideBySidePreferences(ctx, comparisons, args) : [];
    return { dataset, records, pairs, preferences };
  };

  /** Feature rows: logged vectors where there are ones of the current feature set, else computed now with the variant. */
  /** Feature rows of `queries` under `variant`, a few queries at a time so the job can say how far it is. */
  const featureRows = async (dataset: DatasetRow, variant: string, queries: readonly { queryId: string; text: string }[], depth: number, report: ProgressReporter) => {
    const rows: { queryId: string; docId: string; features: number[] }[] = [];
    for (let at = 0; at < queries.length; at += FEATURE_QUERIES_PER_STEP) {
      report('computing features', at, queries.length, 'queries');
      rows.push(...(await deps.search.featureRows({ dataset: dataset.name, variant, queries: queries.slice(at, at + FEATURE_QUERIES_PER_STEP), depth })).rows);
    }
    report('computing features', queries.length, queries.length, 'queries');
    return rows;
  };

  const featureLines = async (dataset: DatasetRow, args: ExportArgs, pairs: readonly PairConsensus[], queryText: ReadonlyMap<string, string>, report: ProgressReporter) => {
    const defaultVariant = store.ratingTasks.list().map((task) => (task.spec as TaskSpec).variants[0]).find(Boolean);
    const variant = args.variant ?? defaultVariant;
    const queriesOf = (ids: Iterable<string>) => [...new Set(ids)].map((queryId) => ({ queryId, text: queryText.get(queryId) ?? '' })).filter((query) => query.text !== '');
    const byPair = new Map(pairs.map((pair) => [`${pair.queryId}\t${pair.docId}`, pair]));
    if (args.variant !== undefined) {
      const rows = await featureRows(dataset, args.variant, queriesOf(pairs.map((pair) => pair.queryId)), args.depth ?? 100, report);
      const lines = rows.map((row): FeatureLine => {
        const pair = byPair.get(`${row.queryId}\t${row.docId}`);
        return { queryId: row.queryId, docId: row.docId, gain: pair?.gain ?? 0, features: pair?.features ?? row.features, computed: !pair?.features };
      });
      return { lines, withoutFeatures: 0 };
    }
    const missing = pairs.filter((pair) => pair.features === null);
    const computed = new Map<string, number[]>();
    if (missing.length > 0) {
      if (!variant) throw new AppError('INVALID_ARGS', `${missing.length} pairs have no logged features: name a variant to compute them with (--variant)`, { field: 'variant' });
      const rows = await featureRows(dataset, variant, queriesOf(missing.map((pair) => pair.queryId)), 1000, report);
      for (const row of rows) computed.set(`${row.queryId}\t${row.docId}`, row.features);
    }
    const lines: FeatureLine[] = [];
    let withoutFeatures = 0;
    for (const pair of pairs) {
      const features = pair.features ?? computed.get(`${pair.queryId}\t${pair.docId}`) ?? null;
      if (features === null) withoutFeatures++;
      else lines.push({ queryId: pair.queryId, docId: pair.docId, gain: pair.gain, features, computed: pair.features === null });
    }
    return { lines, withoutFeatures };
  };

  const documents = async (dataset: string, ids: readonly string[], report: ProgressReporter) => {
    const found = new Map<string, FullDocument>();
    for (let at = 0; at < ids.length; at += 500) {
      report('reading documents', at, ids.length, 'documents');
      for (const [id, doc] of await deps.search.fullDocuments(dataset, ids.slice(at, at + 500))) found.set(id, doc);
    }
    report('reading documents', ids.length, ids.length, 'documents');
    return found;
  };

  /** JSONL with `--variant`: each judged query's top `depth` under it now, every result's stage scores (pairs it does not retrieve get rank null). */
  const stageScores = async (dataset: DatasetRow, variant: string, depth: number, queryText: ReadonlyMap<string, string>, queryIds: readonly string[], report: ProgressReporter) => {
    const scores = new Map<string, JsonlStages>();
    const distinct = [...new Set(queryIds)];
    for (const [index, queryId] of distinct.entries()) {
      report('computing stage scores', index, distinct.length, 'queries');
      const text = queryText.get(queryId);
      if (!text) continue;
      const { ranked } = await deps.search.rank({ dataset: dataset.name, text, k: depth, variant });
      for (const result of ranked) {
        const { retrievers, fusion, rerank } = result.explanation;
        scores.set(`${queryId}\t${result.doc.id}`, { variant, computed: true, depth, rank: result.rank, score: result.score, retrievers, fusion, rerank });
      }
    }
    return scores;
  };

  const exportJobs = jobsWithResults<ExportReport>(ctx.jobs, 'judgment export');

  const service = {
    /** Writes the export in one go; `report` hears each phase (the job passes its reporter). */
    async exportJudgments(args: ExportArgs, report: ProgressReporter = () => undefined): Promise<ExportReport> {
      report('reading judgments', 0, 0);
      const { dataset, records, pairs, preferences } = select(args);
      if (records.length === 0 && pairs.length === 0 && preferences.length === 0) throw new AppError('IMPORT_EMPTY', 'no judgments match the export\'s filters', { field: 'filters' });
      const queries = new Map(store.queries.list(dataset.id).map((query) => [query.queryId, { text: query.text, segment: query.segment ?? null }]));
      for (const record of records) if (record.query && !queries.has(record.queryId)) queries.set(record.queryId, record.query);
      const queryText = new Map([...queries].map(([id, query]) => [id, query.text]));
      const labelled: LabelledPair[] = pairs.map((pair) => ({ queryId: pair.queryId, queryText: queryText.get(pair.queryId) ?? pair.queryId, docId: pair.docId, gain: pair.gain }));
      const grades: RaterGrade[] = records.flatMap((record) => (record.grade === null ? [] : [{ queryId: record.queryId, docId: record.docId, rater: record.rater.name, gain: record.grade - record.lowest }]));
      const features = FEATURE_FORMATS.has(args.format) ? await featureLines(dataset, args, pairs, queryText, report) : null;
      const cards = args.format === 'jsonl' ? await documents(dataset.name, [...new Set(records.map((record) => record.docId))], report) : null;
      const stages =
        args.format === 'jsonl' && args.variant !== undefined
          ? await stageScores(dataset, args.variant, args.depth ?? 100, queryText, records.map((record) => record.queryId), report)
          : null;

      const allQueries = [
        ...new Set([...records.map((record) => record.queryId), ...pairs.map((pair) => pair.queryId), ...preferences.map((preference) => preference.queryId), ...(features?.lines.map((line) => line.queryId) ?? [])]),
      ];
      const parts = args.split
        ? splitQueries(allQueries.map((queryId) => ({ queryId, segment: queries.get(queryId)?.segment ?? null })), args.split, args.seed ?? 0)
        : null;
      const qids = numericQueryIds(features?.lines.map((line) => line.queryId) ?? []);
      const files: string[] = [];
      const extension = EXTENSIONS[args.format];
      if (parts) fs.mkdirSync(args.out, { recursive: true });
      else fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });

      let linesWritten = 0;
      report('writing rows', 0, 0, 'rows');
      const wrote = () => {
        linesWritten++;
        if (linesWritten % 1000 === 0) report('writing rows', linesWritten, 0, 'rows');
      };
      const writeFileWith = (file: string, write: (sink: LineSink) => void) => writeLines(file, write, wrote);
      const writeRowIds = (file: string, lines: readonly FeatureLine[]) => {
        files.push(`${file}.rows.tsv`);
        writeFileWith(`${file}.rows.tsv`, (sink) => writeFeatureRowIds(sink, lines));
      };
      const writePart = (file: string, inPart: (queryId: string) => boolean): number => {
        files.push(file);
        const only = <T extends { queryId: string }>(items: readonly T[]) => items.filter((item) => inPart(item.queryId));
        switch (args.format) {
          case 'qrels':
            return writeFileWith(file, (sink) => writeTrecQrels(sink, only(labelled)));
          case 'beir':
            return writeFileWith(file, (sink) => writeBeirQrels(sink, only(labelled))) - 1;
          case 'prefs':
            return writeFileWith(file, (sink) => writeTrecPrefs(sink, only(grades), only(preferences)));
          case 'quepid-csv':
            return writeFileWith(file, (sink) => writeQuepidCsv(sink, only(labelled))) - 1;
          case 'wide-csv':
            return writeFileWith(file, (sink) => writeWideCsv(sink, only(grades))) - 1;
          case 'pairs':
            return writeFileWith(file, (sink) => writePairs(sink, only(labelled), only(preferences)));
          case 'rre':
            writeFileWith(file, (sink) => writeRre(sink, only(labelled), dataset.name));
            return only(labelled).length;
          case 'srw':
            writeFileWith(file, (sink) => writeSrw(sink, only(labelled), `${dataset.name} judgments`));
            return only(labelled).length;
          case 'letor':
            return writeFileWith(file, (sink) => writeLetor(sink, only(features!.lines), qids));
          case 'xgboost':
            writeRowIds(file, only(features!.lines));
            return writeFileWith(file, (sink) => writeXgboost(sink, only(features!.lines), qids));
          case 'lightgbm': {
            writeRowIds(file, only(features!.lines));
            const groupFile = `${file}.query`;
            files.push(groupFile);
            let rows = 0;
            writeFileWith(groupFile, (groupSink) => {
              rows = writeFileWith(file, (sink) => writeLightgbm(sink, groupSink, only(features!.lines)));
            });
            return rows;
          }
          case 'jsonl': {
            const consensusOf = new Map(pairs.map((pair) => [`${pair.queryId}\t${pair.docId}`, pair]));
            return writeFileWith(file, (sink) => {
              for (const record of only(records)) {
                const query = queries.get(record.queryId);
                const card = cards!.get(record.docId);
                const pair = consensusOf.get(`${record.queryId}\t${record.docId}`);
                sink.write(
                  `${JSON.stringify({
                    query: { id: record.queryId, text: query?.text ?? null, segment: query?.segment ?? null },
                    document: card
                      ? { id: record.docId, title: card.title, text: card.text, tags: card.tags, board: card.board, image: card.imageUrl }
                      : { id: record.docId, title: null, text: null, tags: [], board: null, image: null },
                    label: record.grade,
                    gain: record.grade === null ? null : record.grade - record.lowest,
                    scale: record.scaleId,
                    rater: record.rater,
                    createdAt: record.createdAt,
                    updatedAt: record.updatedAt,
                    task: record.task,
                    source: record.source,
                    shown: record.shown,
                    stages: stages ? (stages.get(`${record.queryId}\t${record.docId}`) ?? { variant: args.variant!, computed: true, depth: args.depth ?? 100, rank: null }) : null,
                    features: record.features === null ? null : { version: record.featureVersion, names: FEATURE_NAMES, values: record.features },
                    skip: record.skipReason,
                    note: record.note,
                    gold: record.gold !== null,
                    consensus: { rule: record.rule, label: pair?.label ?? null, agreement: pair?.agreement ?? null },
                  })}\n`,
                );
              }
            });
          }
        }
      };

      let rows = 0;
      const split: ExportReport['split'] = parts ? [] : null;
      if (parts) {
        for (const part of SPLIT_PARTS) {
          const written = writePart(path.join(args.out, `${part}.${extension}`), (queryId) => parts.get(queryId) === part);
          rows += written;
          split!.push({ part, queries: [...parts.values()].filter((assigned) => assigned === part).length, rows: written });
        }
      } else rows = writePart(args.out, () => true);

      if (features) {
        const mapFile = parts ? path.join(args.out, 'features.json') : `${args.out}.features.json`;
        const queryMap = [...qids].map(([queryId, qid]) => ({ qid, queryId }));
        fs.writeFileSync(
          mapFile,
          `${JSON.stringify({ featureVersion: FEATURE_SET_VERSION, features: FEATURE_NAMES.map((name, index) => ({ id: index + 1, name })), queries: queryMap }, null, 1)}\n`,
        );
        files.push(mapFile);
      }
      return {
        format: args.format,
        files,
        judgments: records.length,
        pairs: pairs.length,
        queries: allQueries.length,
        preferences: preferences.length,
        rows,
        computedFeatures: features?.lines.filter((line) => line.computed).length ?? 0,
        withoutFeatures: features?.withoutFeatures ?? 0,
        featureVersion: features ? FEATURE_SET_VERSION : null,
        split,
        drops: FORMAT_DROPS[args.format],
      };
    },

    /** The export as a job with progress; resolve `finished` to wait (the CLI does, the UI follows events and asks `report(job)`). */
    startExport(args: ExportArgs): { job: JobSnapshot; finished: Promise<ExportReport> } {
      // A dataset that does not exist fails here, before a job exists.
      deps.datasets.require(args.dataset);
      return exportJobs.start(`Export ${args.format} of ${args.dataset}`, (report) => service.exportJudgments(args, report));
    },

    /** The report of a finished export job of this session. */
    report: exportJobs.result,

    /**
     * The export written to a temporary folder and handed back as one file to stream: for web mode, where
     * the browser saves it. The caller disposes of it once sent.
     */
    async download(args: Omit<ExportArgs, 'out'>): Promise<ExportDownload> {
      const base = `${args.dataset}-${args.format}${args.split ? '-split' : ''}`.replace(/[^A-Za-z0-9._-]/g, '_');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-download-'));
      const dispose = () => fs.rmSync(dir, { recursive: true, force: true });
      try {
        const out = args.split ? path.join(dir, base) : path.join(dir, `${base}.${EXTENSIONS[args.format]}`);
        const report = await service.exportJudgments({ ...args, out });
        const files = report.files.map((file) => ({ file, name: path.relative(dir, file).split(path.sep).join('/'), stat: fs.statSync(file) }));
        const reportOut = { ...report, files: files.map((entry) => entry.name) };
        if (files.length === 1 && !args.split) {
          const only = files[0]!;
          return { fileName: only.name, contentType: CONTENT_TYPES[EXTENSIONS[args.format]] ?? 'text/plain; charset=utf-8', size: only.stat.size, body: fs.createReadStream(only.file), report: reportOut, dispose };
        }
        // A split's files sit in its folder; side files of one export (.query, .rows.tsv, .features.json) go in one named after it.
        const named = files.map((entry) => ({ ...entry, name: args.split ? entry.name : `${base}/${entry.name}` }));
        const entries = named.map((entry) => ({ name: entry.name, size: entry.stat.size, mtime: Math.floor(entry.stat.mtimeMs / 1000), read: () => fs.createReadStream(entry.file) }));
        const size = named.reduce((sum, entry) => sum + 512 + Math.ceil(entry.stat.size / 512) * 512, 1024);
        return { fileName: `${base}.tar`, contentType: 'application/x-tar', size, body: tarStream(entries), report: { ...reportOut, files: named.map((entry) => entry.name) }, dispose };
      } catch (error) {
        dispose();
        throw error;
      }
    },

    /** What an export would hold, without writing: counts and the first lines of labels, for the UI's preview. */
    preview(args: Omit<ExportArgs, 'out'>): ExportPreview {
      const { dataset, records, pairs, preferences } = select({ ...args, out: '' });
      const queryText = new Map(store.queries.list(dataset.id).map((query) => [query.queryId, query.text]));
      for (const record of records) if (record.query && !queryText.has(record.queryId)) queryText.set(record.queryId, record.query.text);
      return {
        judgments: records.length,
        pairs: pairs.length,
        queries: new Set([...pairs.map((pair) => pair.queryId), ...preferences.map((preference) => preference.queryId)]).size,
        preferences: preferences.length,
        raters: [...new Set([...records.map((record) => record.rater.name), ...preferences.map((preference) => preference.rater)])].sort(),
        sample: pairs.slice(0, 10).map((pair) => ({ queryId: pair.queryId, queryText: queryText.get(pair.queryId) ?? pair.queryId, docId: pair.docId, gain: pair.gain })),
        drops: FORMAT_DROPS[args.format],
      };
    },
  };
  return service;
}

export type JudgmentExportService = ReturnType<typeof createJudgmentExportService>;
