import { z } from 'zod';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { VariantSpec } from './variant-schema';
import type { VariantsService, VariantSummary } from './variants-service';

const variantName = z.string().min(1);

export const variantsContract = {
  'variants.list': method<VariantSummary[]>('rater')(z.object({}).strict()),
  'variants.get': method<VariantSpec>()(z.object({ name: variantName }).strict()),
  /** Creates or replaces a user variant; the spec is validated against the variant schema. */
  'variants.save': method<VariantSummary>()(z.object({ spec: z.unknown() }).strict()),
  'variants.delete': method<{ deleted: string }>()(z.object({ name: variantName }).strict()),
};

export function variantsHandlers(variants: VariantsService): SliceHandlers<typeof variantsContract> {
  return {
    'variants.list': () => variants.list(),
    'variants.get': ({ name }) => variants.get(name),
    'variants.save': ({ spec }) => variants.save(spec),
    'variants.delete': ({ name }) => {
      variants.remove(name);
      return { deleted: name };
    },
  };
}
