import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { QuerySetQueryRow } from '../store/query-sets-table';
import type { QuerySetSummary, QuerySetsService } from './query-sets-service';

const id = z.number().int().positive();

/** Query sets: made from a dataset's queries, a pasted list or a file; copied, never edited. */
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
        ]),
      })
      .strict(),
  ),
  'querySets.copy': method<QuerySetSummary>()(z.object({ id, name: z.string().trim().min(1), lines: z.array(z.string()).min(1).optional() }).strict()),
  'querySets.delete': method<{ deleted: number }>()(z.object({ id }).strict()),

};

export function querySetsHandlers(querySets: QuerySetsService): SliceHandlers<typeof querySetsContract> {
  return {
    'querySets.list': ({ dataset }) => querySets.list(dataset),
    'querySets.queries': ({ id: set }) => querySets.queries(set),
    'querySets.create': (args, caller) => querySets.create(args, caller),
    'querySets.copy': (args, caller) => querySets.copy(args, caller),
    'querySets.delete': ({ id: set }) => querySets.remove(set),
  };
}
