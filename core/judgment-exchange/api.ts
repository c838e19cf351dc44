import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import { AppError } from '../runtime/errors';
import type { JobSnapshot } from '../runtime/jobs';
import { EXPORT_FORMATS, type ExportDownload, type ExportPreview, type ExportReport, type JudgmentExportService } from './export-service';
import { IMPORT_FORMATS } from './formats/readers';
import type { ImportReport, ImportSummary, JudgmentImportService } from './import-service';

const filters = {
  task: z.number().int().positive().optional(),
  source: z.string().trim().min(1).optional(),
  rater: z.string().trim().min(1).optional(),
  from: z.string().trim().min(1).optional(),
  to: z.string().trim().min(1).optional(),
  minAgreement: z.number().min(0).max(1).optional(),
  excludeGold: z.boolean().default(false),
  excludeSkips: z.boolean().default(false),
  comparison: z.number().int().positive().optional(),
  sideBySide: z.boolean().default(true),
};

const exportArgs = {
  dataset: datasetName,
  format: z.enum(EXPORT_FORMATS),
  variant: z.string().trim().min(1).optional(),
  depth: z.number().int().min(1).max(1000).default(100),
  ...filters,
};

const splitArgs = {
  split: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)]).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
};

/** What `GET /api/download/judgments?args=<JSON>` takes: an export's arguments without a path. */
export const judgmentDownloadArgs = z.object({ ...exportArgs, ...splitArgs }).strict();

const importArgs = z
  .object({
    dataset: datasetName,
    format: z.enum(IMPORT_FORMATS),
    path: z.string().min(1),
    source: z.string().trim().min(1).optional(),
    scale: z.string().trim().min(1).optional(),
    mapping: z.record(z.string(), z.number().int()).optional(),
    skipUnknown: z.boolean().default(false),
  })
  .strict();

const exportToFileArgs = z
  .object({
    ...exportArgs,
    out: z.string().min(1),
    ...splitArgs,
  })
  .strict();

const jobArgs = z.object({ job: z.string().min(1) }).strict();

export const judgmentExchangeContract = {
  /** Waits for the whole import; the UI starts a job instead (`judgments.startImport`). */
  'judgments.import': method<ImportReport>()(importArgs),
  /** The import as a job with progress events; its report is `judgments.importReport` once it is done. */
  'judgments.startImport': method<{ job: JobSnapshot }>()(importArgs),
  'judgments.importReport': method<ImportReport>()(jobArgs),
  'judgments.imports': method<ImportSummary[]>()(z.object({ dataset: datasetName }).strict()),
  'judgments.exportPreview': method<ExportPreview>()(
    z.object(exportArgs).strict(),
  ),
  /** Waits for the whole export; the UI starts a job instead (`judgments.startExport`). */
  'judgments.export': method<ExportReport>()(exportToFileArgs),
  'judgments.startExport': method<{ job: JobSnapshot }>()(exportToFileArgs),
  'judgments.exportReport': method<ExportReport>()(jobArgs),
};

export function judgmentExchangeHandlers(services: { judgmentImports: JudgmentImportService; judgmentExports: JudgmentExportService }): SliceHandlers<typeof judgmentExchangeContract> {
  return {
    'judgments.import': (args, caller) => services.judgmentImports.importFile(args, caller),
    'judgments.startImport': (args, caller) => ({ job: services.judgmentImports.startImport(args, caller).job }),
    'judgments.importReport': ({ job }) => services.judgmentImports.report(job),
    'judgments.imports': ({ dataset }) => services.judgmentImports.list(dataset),
    'judgments.exportPreview': (args) => services.judgmentExports.preview(args),
    'judgments.export': (args) => services.judgmentExports.exportJudgments(args),
    'judgments.startExport': (args) => ({ job: services.judgmentExports.startExport(args).job }),
    'judgments.exportReport': ({ job }) => services.judgmentExports.report(job),
  };
}

/** Validates download arguments as dispatch validates a call's, naming the field at fault. */
export function parseJudgmentDownloadArgs(raw: unknown): z.infer<typeof judgmentDownloadArgs> {
  const parsed = judgmentDownloadArgs.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new AppError('INVALID_ARGS', `download judgments: ${field ? `${field}: ` : ''}${issue.message}`, { field });
}

/** Web mode's file downloads (the HTTP host streams them to the local lead only): one-line adapters. */
export function judgmentExchangeDownloads(services: { judgmentExports: JudgmentExportService }): Record<string, (raw: unknown) => Promise<ExportDownload>> {
  return { judgments: (raw) => services.judgmentExports.download(parseJudgmentDownloadArgs(raw)) };
}
