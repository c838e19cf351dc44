import { z } from 'zod';
import { ANALYZER_LANGUAGES } from '../index/document-table';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { JobSnapshot } from '../runtime/jobs';
import type { ImportRequest } from './import-dataset';
import type { DatasetsService, DatasetSummary } from './service';

export const datasetName = z.string().trim().min(1, 'dataset name is required');
const fieldMapping = z.record(z.string(), z.string());

export const datasetsContract = {
  'datasets.list': method<DatasetSummary[]>('rater')(z.object({}).strict()),
  'datasets.import': method<{ job: JobSnapshot }>()(
    z
      .object({
        format: z.enum(['beir', 'pins', 'jsonl', 'csv']),
        path: z.string().min(1, 'a folder (beir, pins) or file (jsonl, csv) is required'),
        name: z.string().trim().min(1, 'name is required'),
        /** Field → source column, for jsonl and csv (checked in full by the importer). */
        mapping: fieldMapping.optional(),
        vectorModel: z.string().min(1).optional(),
        denseModels: z.array(z.string().min(1)).optional(),
        analyzer: z
          .object({ language: z.enum(ANALYZER_LANGUAGES), stem: z.boolean(), removeStopWords: z.boolean(), asciiFolding: z.boolean() })
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
        mapping: fieldMapping.optional(),
        vectorModel: z.string().min(1).optional(),
      })
      .strict(),
  ),
  'datasets.index': method<{ job: JobSnapshot }>()(z.object({ name: datasetName }).strict()),
  'datasets.delete': method<{ deleted: string }>()(z.object({ name: datasetName }).strict()),
};

export function datasetsHandlers(datasets: DatasetsService): SliceHandlers<typeof datasetsContract> {
  return {
    'datasets.list': () => datasets.list(),
    'datasets.import': (args) => ({ job: datasets.startImport({ ...args, mapping: args.mapping as ImportRequest['mapping'] }).job }),
    'datasets.add': (args) => ({ job: datasets.startAppend({ ...args, mapping: args.mapping as ImportRequest['mapping'] }).job }),
    'datasets.index': ({ name }) => ({ job: datasets.startReindex(name).job }),
    'datasets.delete': ({ name }) => datasets.remove(name),
  };
}
