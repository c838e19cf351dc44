import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { JobSnapshot } from '../runtime/jobs';
import type { RunQueryRow } from '../store/run-queries-table';
import type { RunResultRow } from '../store/run-results-table';
import { DEFAULT_RUN_MEASURES, type RunComparisonReport, type RunsService, type RunSummary } from './service';

const runId = z.number().int().positive();

export const querySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('judged') }).strict(),
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal('list'),
      queries: z.array(z.object({ queryId: z.string().min(1), text: z.string().trim().min(1) }).strict()).min(1),
      label: z.string().optional(),
    })
    .strict(),
]);

/** Where relevance labels come from: the dataset's qrels, a rating task's consensus, or an imported judgments source. */
export const labelSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('qrels') }).strict(),
  z.object({ kind: z.literal('task'), task: z.number().int().positive(), minAgreement: z.number().min(0).max(1).optional(), excludeGold: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('import'), source: z.string().trim().min(1) }).strict(),
]);

export const runsContract = {
  'runs.list': method<RunSummary[]>()(z.object({ dataset: datasetName }).strict()),
  'runs.get': method<RunSummary>()(z.object({ id: runId }).strict()),
  'runs.queries': method<RunQueryRow[]>()(z.object({ id: runId }).strict()),
  'runs.results': method<RunResultRow[]>()(z.object({ id: runId, queryId: z.string().min(1).optional() }).strict()),
  'runs.start': method<{ job: JobSnapshot }>()(
    z
      .object({
        dataset: datasetName,
        variant: z.string().trim().min(1),
        queries: querySource.default({ kind: 'judged' }),
        k: z.number().int().min(1).max(1000).default(100),
        name: z.string().trim().min(1).optional(),
      })
      .strict(),
  ),
  'runs.import': method<RunSummary>()(z.object({ dataset: datasetName, path: z.string().min(1), name: z.string().trim().min(1).optional() }).strict()),
  'runs.delete': method<{ deleted: number }>()(z.object({ id: runId }).strict()),
  'runs.trec': method<{ text: string }>()(z.object({ id: runId }).strict()),
  'runs.compare': method<RunComparisonReport>()(
    z
      .object({
        dataset: datasetName,
        runs: z.array(runId).min(2, 'pick at least two runs'),
        measures: z.array(z.string().min(1)).min(1).default(DEFAULT_RUN_MEASURES),
        labels: labelSource.default({ kind: 'qrels' }),
        seed: z.number().int().min(0).max(0xffffffff).optional(),
      })
      .strict(),
  ),
};

export function runsHandlers(runs: RunsService): SliceHandlers<typeof runsContract> {
  return {
    'runs.list': ({ dataset }) => runs.list(dataset),
    'runs.get': ({ id }) => runs.get(id),
    'runs.queries': ({ id }) => runs.queries(id),
    'runs.results': ({ id, queryId }) => runs.results(id, queryId),
    'runs.start': (args, caller) => ({ job: runs.startRun(args, caller).job }),
    'runs.import': (args, caller) => runs.importRun(args, caller),
    'runs.delete': ({ id }) => runs.remove(id),
    'runs.trec': ({ id }) => ({ text: runs.trecText(id) }),
    'runs.compare': (args) => runs.compare(args),
  };
}
