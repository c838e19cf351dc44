import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { QuerySetQueryRow } from '../store/query-sets-table';
import type { QuerySetSummary, QuerySetsService, SamplePreview } from './query-sets-service';

const id = z.number().int().positive();

/** Shares of the log's total count: head = the top queries making the first `head`, torso the next `torso`. */
const tierThresholds = z
  .object({ head: z.number().gt(0).lte(1), torso: z.number().min(0).lte(1) })
  .strict()
  .refine(({ head, torso }) => head + torso <= 1 + 1e-9, { message: 'head + torso must not exceed 1', path: ['torso'] });

const sampleSource = z
  .object({
    kind: z.literal('sample'),
    log: z.discriminatedUnion('kind', [z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(), z.object({ kind: z.literal('bundled') }).strict()]),
    method: z.enum(['uniform', 'top', 'pps', 'stratified']),
    size: z.number().int().positive(),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    strata: z
      .object({
        by: z.enum(['tier', 'segment', 'tier-and-segment']),
        tierThresholds: tierThresholds.optional(),
        allocation: z.enum(['proportional', 'neyman']),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Query sets: made from a dataset's queries, a pasted list, a file or a seeded sample of a query log; copied, never edited. */
export const querySetsContract = {
  'querySets.list': method<QuerySetSummary[]>()(z.object({ dataset: datasetName }).strict()),
  'querySets.queries': method<QuerySetQueryRow[]>()(z.object({ id }).strict()),
  'querySets.create': method<QuerySetSummary>()(
    z
      .object({
        dataset: datasetName,
        name: z.string().trim().min(1),
        source: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('dataset') }).strict(),
          z.object({ kind: z.literal('list'), lines: z.array(z.string()).min(1) }).strict(),
          z.object({ kind: z.literal('file'), path: z.string().min(1) }).strict(),
          sampleSource,
        ]),
      })
      .strict(),
  ),
  'querySets.previewSample': method<SamplePreview>()(z.object({ dataset: datasetName, source: sampleSource }).strict()),
  'querySets.copy': method<QuerySetSummary>()(z.object({ id, name: z.string().trim().min(1), lines: z.array(z.string()).min(1).optional() }).strict()),
  'querySets.delete': method<{ deleted: number }>()(z.object({ id }).strict()),
};

export function querySetsHandlers(querySets: QuerySetsService): SliceHandlers<typeof querySetsContract> {
  return {
    'querySets.list': ({ dataset }) => querySets.list(dataset),
    'querySets.queries': ({ id: set }) => querySets.queries(set),
    'querySets.create': (args, caller) => querySets.create(args, caller),
    'querySets.previewSample': (args) => querySets.previewSample(args),
    'querySets.copy': (args, caller) => querySets.copy(args, caller),
    'querySets.delete': ({ id: set }) => querySets.remove(set),
  };
}
