import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { FIVE_LEVEL_SCALE } from '../rating/scales';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import {
  SCREEN_CHOICES,
  type ComparisonAggregates,
  type ComparisonOverview,
  type ComparisonQueryView,
  type ComparisonSimulation,
  type ComparisonsService,
  type ComparisonSummary,
  type ScreenChoice,
} from './comparisons-service';

const id = z.number().int().positive();
const side = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('variant'), variant: z.string().trim().min(1) }).strict(),
  z.object({ kind: z.literal('run'), run: id }).strict(),
]);
const queryId = z.string().min(1);

export const comparisonContract = {
  'comparisons.list': method<ComparisonSummary[]>('rater')(z.object({}).strict()),
  'comparisons.create': method<ComparisonSummary>()(
    z
      .object({
        name: z.string().trim().min(1).max(80),
        dataset: datasetName,
        querySet: id,
        a: side,
        b: side,
        depth: z.number().int().min(1).max(50).default(10),
        mode: z.enum(['side-by-side', 'interleaving']).default('side-by-side'),
        blind: z.boolean().default(true),
        scale: z.string().default(FIVE_LEVEL_SCALE.id),
        raters: z.array(id).default([]),
        overlap: z.number().int().min(1).max(10).default(1),
        guidelines: z.string().max(100_000).default(''),
        seed: z.number().int().min(0).max(0xffffffff).optional(),
      })
      .strict(),
  ),
  'comparisons.overview': method<ComparisonOverview>('rater')(z.object({ comparison: id }).strict()),
  'comparisons.query': method<ComparisonQueryView>('rater')(z.object({ comparison: id, queryId, reveal: z.boolean().default(false) }).strict()),
  'comparisons.prefer': method<{ queryId: string; choice: ScreenChoice; note: string | null; updatedAt: string }>('rater')(
    z.object({ comparison: id, queryId, choice: z.enum(SCREEN_CHOICES), note: z.string().max(2000).optional() }).strict(),
  ),
  'comparisons.click': method<{ queryId: string; clicked: string[]; updatedAt: string }>('rater')(
    z.object({ comparison: id, queryId, clicked: z.array(z.string().min(1)).max(100) }).strict(),
  ),
  'comparisons.aggregates': method<ComparisonAggregates>()(z.object({ comparison: id }).strict()),
  'comparisons.simulate': method<ComparisonSimulation>()(
    z.object({ comparison: id, impressions: z.number().int().min(1).max(10_000).default(500), seed: z.number().int().min(0).max(0xffffffff).default(1) }).strict(),
  ),
};

export function comparisonHandlers(comparisons: ComparisonsService): SliceHandlers<typeof comparisonContract> {
  return {
    'comparisons.list': (_args, caller) => comparisons.list(caller),
    'comparisons.create': (args, caller) => comparisons.create(args, caller),
    'comparisons.overview': ({ comparison }, caller) => comparisons.overview(comparison, caller),
    'comparisons.query': (args, caller) => comparisons.query(args, caller),
    'comparisons.prefer': (args, caller) => comparisons.prefer(args, caller),
    'comparisons.click': (args, caller) => comparisons.click(args, caller),
    'comparisons.aggregates': ({ comparison }, caller) => comparisons.aggregates(comparison, caller),
    'comparisons.simulate': (args) => comparisons.simulate(args),
  };
}
