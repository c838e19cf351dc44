import { AppError } from '../runtime/errors';
import type { RuntimeContext } from '../context/runtime-context';
import { BUILT_IN_VARIANTS, parseVariantSpec, type VariantSpec } from './variant-schema';

export interface VariantSummary {
  name: string;
  description: string;
  builtIn: boolean;
  spec: VariantSpec;
  updatedAt: string | null;
  /**
   * Why a saved variant no longer validates (e.g. it names a feature-set version this release replaced); it is
   * still listed, as saved, so it can be opened, fixed or deleted, but it cannot run.
   */
  problem?: string;
}

/** Built-in variants live in code; user variants in SQLite. A user variant cannot shadow a built-in. */
export function createVariantsService({ store, events }: Pick<RuntimeContext, 'store' | 'events'>) {
  const builtIn = new Map(BUILT_IN_VARIANTS.map((spec) => [spec.name, spec]));
  const summarize = (spec: VariantSpec, updatedAt: string | null): VariantSummary => ({
    name: spec.name,
    description: spec.description ?? '',
    builtIn: builtIn.has(spec.name),
    spec,
    updatedAt,
  });
  return {
    list: (): VariantSummary[] => [
      ...BUILT_IN_VARIANTS.map((spec) => summarize(spec, null)),
      ...store.variants.list().map((stored) => {
        try {
          return summarize(parseVariantSpec(stored.spec, `stored variant "${stored.name}"`), stored.updatedAt);
        } catch (error) {
          const spec = stored.spec as VariantSpec;
          return { name: stored.name, description: spec.description ?? '', builtIn: false, spec, updatedAt: stored.updatedAt, problem: (error as Error).message };
        }
      }),
    ],
    get(name: string): VariantSpec {
      const spec = builtIn.get(name);
      if (spec) return spec;
      const stored = store.variants.find(name);
      if (!stored) {
        throw new AppError('NOT_FOUND', `no variant named "${name}"; known: ${[...builtIn.keys(), ...store.variants.list().map((v) => v.name)].join(', ')}`, { field: 'variant' });
      }
      return parseVariantSpec(stored.spec, `stored variant "${name}"`);
    },
    /** Validates and saves (creates or replaces) a user variant. */
    save(json: unknown): VariantSummary {
      const spec = parseVariantSpec(json);
      if (builtIn.has(spec.name)) {
        throw new AppError('ALREADY_EXISTS', `"${spec.name}" is a built-in variant; save your changes under another name`, { field: 'name' });
      }
      store.variants.save(spec.name, spec);
      events.changed('variants');
      return summarize(spec, store.variants.find(spec.name)!.updatedAt);
    },
    remove(name: string): void {
      if (builtIn.has(name)) throw new AppError('INVALID_ARGS', `"${name}" is a built-in variant and cannot be deleted`, { field: 'name' });
      if (!store.variants.remove(name)) throw new AppError('NOT_FOUND', `no variant named "${name}"`, { field: 'name' });
      events.changed('variants');
    },
  };
}

export type VariantsService = ReturnType<typeof createVariantsService>;
