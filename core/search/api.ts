import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { SearchResponse, SearchService } from './service';

export const searchContract = {
  search: method<SearchResponse>('rater')(
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
  'datasets.browse': method<SearchResponse>('rater')(
    z
      .object({
        dataset: datasetName,
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ),
};

export function searchHandlers(search: SearchService): SliceHandlers<typeof searchContract> {
  return {
    search: (args) => search.search(args),
    'datasets.browse': (args) => search.browse(args),
  };
}
