/**
 * Judgments in: a file from another tool (or an export of ours) becomes an import attributed to a
 * named source, its levels mapped onto a scale. All or nothing: the file is read and checked whole
 * before one transaction writes it; the same file imported again under the same source changes nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeContext } from '../context/runtime-context';
import { fileReadError, quoteExcerpt } from '../datasets/line-reader';
import type { DatasetsService } from '../datasets/service';
import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import { jobsWithResults, type JobSnapshot, type ProgressReporter } from '../runtime/jobs';
import type { SearchService } from '../search/service';
import type { JudgmentImportRow } from '../store/judgment-imports-table';
import { readJudgmentFile, type FileJudgment, type ImportFormat } from './formats/readers';
import { findScale, guessScale } from './scales';

export interface ImportJudgmentsArgs {
  dataset: string;
  format: ImportFormat;
  path: string;
  /** Default: the file's name without its extension. */
  source?: string;
  /** A scale id or name; default: the smallest built-in scale holding every level of the file. */
  scale?: string;
  /** File level → scale value, needed when the file's levels are not the scale's. */
  mapping?: Record<string, number>;
  /** Keep the judgments of known queries and documents and report the others (default: refuse the file). */
  skipUnknown?: boolean;
}

export type ImportSummary = Omit<JudgmentImportRow, 'datasetId' | 'scaleValues'>;

export interface ImportReport {
  import: ImportSummary;
  /** True when this exact file was already imported under this source: nothing was written. */
  alreadyImported: boolean;
  /** Queries and documents the file names that the dataset does not have (left out, with `skipUnknown`). */
  unknownQueries: string[];
  unknownDocuments: string[];
  /** Judgments not imported: unknown ids, and skipped items of a JSONL export (no grade). */
  leftOut: number;
}

/** An import as callers see it: the dataset is the one they named, the scale's values are the scale's. */
function importSummary(row: JudgmentImportRow): ImportSummary {
  return {
    id: row.id,
    source: row.source,
    format: row.format,
    scaleId: row.scaleId,
    fileName: row.fileName,
    sha256: row.sha256,
    mapping: row.mapping,
    judgments: row.judgments,
    importedAt: row.importedAt,
    importedBy: row.importedBy,
  };
}

const sourcePattern = /^[^\s].{0,79}$/;

export function createJudgmentImportService(ctx: RuntimeContext, deps: { datasets: DatasetsService; search: SearchService }) {
  const { store } = ctx;

  /** Which of `ids` the dataset's index holds, asked in batches so a filter stays small. */
  const existingDocuments = async (dataset: string, ids: readonly string[], progress: (done: number) => void): Promise<Set<string>> => {
    const found = new Set<string>();
    for (let at = 0; at < ids.length; at += 500) {
      progress(at);
      for (const id of (await deps.search.documents(dataset, ids.slice(at, at + 500))).keys()) found.add(id);
    }
    progress(ids.length);
    return found;
  };

  const importJobs = jobsWithResults<ImportReport>(ctx.jobs, 'judgment import');

  const service = {
    /** Reads, checks and writes the file in one go; `report` hears each phase (the job passes its reporter). */
    async importFile(args: ImportJudgmentsArgs, caller: Caller, report: ProgressReporter = () => undefined): Promise<ImportReport> {
      if (caller.role !== 'lead') throw new AppError('FORBIDDEN', 'only a lead may import judgments', { field: 'path' });
      const dataset = deps.datasets.require(args.dataset);
      const file = args.path;
      let bytes: Buffer;
      report('reading the file', 0, 0);
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        throw fileReadError(file, error);
      }
      let lineCount = 0;
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lineCount++;
      if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lineCount++;
      const source = (args.source ?? path.basename(file).replace(/\.[^.]*$/, '')).trim();
      if (!sourcePattern.test(source)) throw new AppError('INVALID_ARGS', `source name ${quoteExcerpt(source)} must be 1 to 80 characters`, { field: 'source' });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const mapping = args.mapping ?? {};

      const { judgments, skipped, scaleId: fileScale } = await readJudgmentFile(args.format, file, (line) => report('validating lines', line, lineCount, 'lines'));
      if (judgments.length === 0) throw new AppError('IMPORT_EMPTY', 'the file holds no judgments', { file });
      const levels = [...new Set(judgments.map((judgment) => judgment.level))];
      const mapped = (level: string): number | undefined => (level in mapping ? mapping[level] : Number.isInteger(Number(level)) ? Number(level) : undefined);
      const named = args.scale ?? fileScale;
      const scale = named !== undefined ? findScale(store, named) : guessScale(levels.map((level) => mapped(level) ?? Number.NaN));
      if (!scale) throw new AppError('INVALID_ARGS', `no built-in scale holds the file's levels (${levels.join(', ')}): name one with --scale and map the levels with --map`, { field: 'scale' });
      const values = scale.levels.map((level) => level.value);
      for (const judgment of judgments) {
        const value = mapped(judgment.level);
        if (value === undefined || !values.includes(value)) {
          throw new AppError(
            'IMPORT_BAD_LINE',
            `level ${judgment.level} is not on scale ${scale.id} (${values.join(', ')})${value !== undefined && judgment.level in mapping ? ` (mapped to ${value})` : ''}: map it with --map ${judgment.level}=VALUE`,
            { file, line: judgment.line },
          );
        }
      }

      const previous = store.judgmentImports.findByHash(dataset.id, source, sha256);
      if (previous) {
        if (previous.scaleId !== scale.id || JSON.stringify(previous.mapping) !== JSON.stringify(mapping)) {
          throw new AppError('CONFLICT', `this file was imported under source "${source}" with scale ${previous.scaleId} and another mapping; import it under another source name`, { field: 'source' });
        }
        return { import: importSummary(previous), alreadyImported: true, unknownQueries: [], unknownDocuments: [], leftOut: skipped };
      }
      const other = store.judgmentImports.forSource(dataset.id, source).find((entry) => entry.scaleId !== scale.id);
      if (other) throw new AppError('CONFLICT', `source "${source}" holds judgments on scale ${other.scaleId}; import onto that scale or under another source name`, { field: 'scale' });

      const queries = store.queries.list(dataset.id);
      const byId = new Set(queries.map((query) => query.queryId));
      const byText = new Map<string, string[]>();
      for (const query of queries) byText.set(query.text.trim(), [...(byText.get(query.text.trim()) ?? []), query.queryId]);
      const resolveQuery = (judgment: FileJudgment): string | null => {
        if (judgment.query.id !== undefined && byId.has(judgment.query.id)) return judgment.query.id;
        if (judgment.query.text === undefined) return null;
        const ids = byText.get(judgment.query.text.trim()) ?? [];
        if (ids.length > 1) throw new AppError('IMPORT_BAD_LINE', `query text ${quoteExcerpt(judgment.query.text)} names ${ids.length} queries of the dataset (${ids.slice(0, 3).join(', ')}…)`, { file, line: judgment.line, field: 'query' });
        return ids[0] ?? null;
      };
      const docIds = [...new Set(judgments.map((judgment) => judgment.docId))];
      const knownDocuments = await existingDocuments(dataset.name, docIds, (done) => report('checking documents', done, docIds.length, 'documents'));
      const unknownQueries = new Set<string>();
      const unknownDocuments = new Set<string>();
      const rows: { queryId: string; docId: string; fileRater: string; grade: number; line: number }[] = [];
      const seen = new Set<string>();
      let firstUnknown: { message: string; line: number; field: string } | null = null;
      for (const judgment of judgments) {
        const queryId = resolveQuery(judgment);
        const unknown = queryId === null ? 'query' : knownDocuments.has(judgment.docId) ? null : 'document';
        if (unknown) {
          const name = unknown === 'query' ? (judgment.query.id ?? judgment.query.text!) : judgment.docId;
          (unknown === 'query' ? unknownQueries : unknownDocuments).add(name);
          firstUnknown ??= { message: `unknown ${unknown} ${quoteExcerpt(name)} (not in dataset "${dataset.name}")`, line: judgment.line, field: unknown };
          continue;
        }
        const key = `${queryId}\t${judgment.docId}\t${judgment.rater}`;
        if (seen.has(key)) throw new AppError('IMPORT_DUPLICATE_ID', `a second judgment of query ${quoteExcerpt(queryId!)} and document ${quoteExcerpt(judgment.docId)}${judgment.rater ? ` by ${quoteExcerpt(judgment.rater)}` : ''}`, { file, line: judgment.line });
        seen.add(key);
        rows.push({ queryId: queryId!, docId: judgment.docId, fileRater: judgment.rater, grade: mapped(judgment.level)!, line: judgment.line });
      }
      if (firstUnknown && !args.skipUnknown) {
        const counts = `${unknownQueries.size} unknown queries and ${unknownDocuments.size} unknown documents in all`;
        throw new AppError('IMPORT_UNKNOWN_ID', `${firstUnknown.message}; ${counts} (import with skip-unknown to leave them out)`, { file, line: firstUnknown.line, field: firstUnknown.field });
      }
      if (rows.length === 0) throw new AppError('IMPORT_EMPTY', 'none of the file\'s judgments is of a known query and document', { file });

      const entry = {
        source,
        format: args.format,
        scaleId: scale.id,
        scaleValues: values,
        fileName: path.basename(file),
        sha256,
        mapping,
        judgments: rows.length,
        importedAt: ctx.now().toISOString(),
        importedBy: caller.name,
      };
      report('writing judgments', 0, rows.length, 'judgments');
      const id = store.transaction(() => {
        const importId = store.judgmentImports.insert({ ...entry, datasetId: dataset.id });
        rows.forEach((row, index) => {
          store.importedJudgments.insert({ ...row, importId });
          if ((index + 1) % 1000 === 0) report('writing judgments', index + 1, rows.length, 'judgments');
        });
        return importId;
      });
      report('writing judgments', rows.length, rows.length, 'judgments');
      ctx.events.changed('judgments');
      return {
        import: importSummary({ ...entry, id, datasetId: dataset.id }),
        alreadyImported: false,
        unknownQueries: [...unknownQueries],
        unknownDocuments: [...unknownDocuments],
        leftOut: judgments.length - rows.length + skipped,
      };
    },

    /**
     * The import as a job with progress; resolve `finished` to wait (the CLI does, the UI follows events and asks `report(job)`).
     * A failure is the same AppError as `importFile`'s, recorded on the job with its file, line and field.
     */
    startImport(args: ImportJudgmentsArgs, caller: Caller): { job: JobSnapshot; finished: Promise<ImportReport> } {
      // What cannot work fails here, before a job exists.
      if (caller.role !== 'lead') throw new AppError('FORBIDDEN', 'only a lead may import judgments', { field: 'path' });
      ctx.assertWritable();
      deps.datasets.require(args.dataset);
      return importJobs.start(`Import judgments from ${path.basename(args.path)} into ${args.dataset}`, (report) => service.importFile(args, caller, report));
    },

    /** The report of a finished import job of this session. */
    report: importJobs.result,

    /** The dataset's imports, oldest first. */
    list(datasetName: string): ImportSummary[] {
      return store.judgmentImports.list(deps.datasets.require(datasetName).id).map(importSummary);
    },
  };
  return service;
}

export type JudgmentImportService = ReturnType<typeof createJudgmentImportService>;
