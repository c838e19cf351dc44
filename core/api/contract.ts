import { z } from 'zod';
import type { JobSnapshot, WorkbenchEvent } from '../jobs/jobs';
import type { SearchResponse, SearchResult } from '../search/search-service';
import type { ResultExplanation } from '../ranking/run-variant';
import type { VariantSpec } from '../ranking/variant-schema';
import type { VariantSummary } from '../ranking/variants-service';
import type { DatasetSummary, InferenceStatus, ModelSummary, WorkbenchStatus } from '../workbench';

/**
 * The single source of truth for what the UI can ask of the backend: method name → zod schema for the
 * arguments → result type. Both transports (Electron IPC, HTTP) serve exactly these methods.
 */
interface MethodSpec<Args extends z.ZodType, Result> {
  args: Args;
  /** Never read at run time; carries the result type. */
  result?: Result;
}

const method =
  <Result>() =>
  <Args extends z.ZodType>(args: Args): MethodSpec<Args, Result> => ({ args });

const datasetName = z.string().trim().min(1, 'dataset name is required');
const noArgs = z.object({}).strict();

export const contract = {
  'app.status': method<WorkbenchStatus>()(noArgs),
  'datasets.list': method<DatasetSummary[]>()(noArgs),
  'datasets.import': method<{ job: JobSnapshot }>()(
    z
      .object({
        format: z.enum(['beir', 'pins', 'jsonl', 'csv']),
        path: z.string().min(1, 'a folder (beir, pins) or file (jsonl, csv) is required'),
        name: z.string().trim().min(1, 'name is required'),
        /** Field → source column, for jsonl and csv (checked in full by the importer). */
        mapping: z.record(z.string(), z.string()).optional(),
        vectorModel: z.string().min(1).optional(),
        denseModels: z.array(z.string().min(1)).optional(),
        analyzer: z
          .object({ language: z.string(), stem: z.boolean(), removeStopWords: z.boolean(), asciiFolding: z.boolean() })
          .partial()
          .strict()
          .optional(),
        queries: z.string().min(1).optional(),
      })
      .strict(),
  ),
  'datasets.add': method<{ job: JobSnapshot }>()(
    z
      .object({
        name: datasetName,
        format: z.enum(['pins', 'jsonl', 'csv']),
        path: z.string().min(1, 'a folder (pins) or file (jsonl, csv) is required'),
        mapping: z.record(z.string(), z.string()).optional(),
        vectorModel: z.string().min(1).optional(),
      })
      .strict(),
  ),
  'datasets.index': method<{ job: JobSnapshot }>()(z.object({ name: datasetName }).strict()),
  'datasets.browse': method<SearchResponse>()(
    z
      .object({
        dataset: datasetName,
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ),
  search: method<SearchResponse>()(
    z
      .object({
        dataset: datasetName,
        text: z.string().trim().min(1, 'query text must not be empty'),
        k: z.number().int().min(1).max(1000).default(50),
        variant: z.string().trim().min(1).default('bm25'),
        /** Also compute each result's ranking features for the explanation. */
        features: z.boolean().default(false),
      })
      .strict(),
  ),
  'variants.list': method<VariantSummary[]>()(noArgs),
  'variants.get': method<VariantSpec>()(z.object({ name: z.string().min(1) }).strict()),
  /** Creates or replaces a user variant; the spec is validated against the variant schema. */
  'variants.save': method<VariantSummary>()(z.object({ spec: z.unknown() }).strict()),
  'variants.delete': method<{ deleted: string }>()(z.object({ name: z.string().min(1) }).strict()),
  'models.list': method<ModelSummary[]>()(noArgs),
  'models.status': method<InferenceStatus>()(noArgs),
  'jobs.list': method<JobSnapshot[]>()(noArgs),
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type ArgsOf<M extends MethodName> = z.input<Contract[M]['args']>;
/** What a handler receives after validation. */
export type ParsedArgsOf<M extends MethodName> = z.output<Contract[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<Contract[M]['result']>;

export type {
  DatasetSummary,
  InferenceStatus,
  JobSnapshot,
  ModelSummary,
  ResultExplanation,
  SearchResponse,
  SearchResult,
  VariantSpec,
  VariantSummary,
  WorkbenchEvent,
  WorkbenchStatus,
};
export type { SerializedError } from '../errors';

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);
