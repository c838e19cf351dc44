import { describe, expect, it } from 'vitest';
import { createVariantsService } from '../../../core/ranking/variants-service';
import { createEventBus } from '../../../core/runtime/events';
import { openStore } from '../../../core/store/store';
import { useTempDirs } from '../../helpers/temp-dir';

describe('variants service', () => {
  const tempDir = useTempDirs();

  it('still lists a saved variant that no longer validates, with the reason, and refuses to run it', () => {
    const store = openStore(tempDir());
    // Saved by an earlier release whose feature set was v1: an LTR model trained on v1 features must not get v2 vectors.
    store.variants.save('old-ltr', { name: 'old-ltr', retrievers: [{ kind: 'bm25' }], rerank: { kind: 'ltr', model: 'm', topN: 10, featureSet: 'relwb-features-v1' } });
    const variants = createVariantsService({ store, events: createEventBus() });
    const listed = variants.list().find((variant) => variant.name === 'old-ltr');
    expect(listed).toMatchObject({ builtIn: false, problem: expect.stringContaining('rerank.featureSet') });
    expect(variants.list().filter((variant) => variant.problem)).toHaveLength(1);
    expect(() => variants.get('old-ltr')).toThrow(/stored variant "old-ltr": rerank\.featureSet/);
    variants.remove('old-ltr');
    expect(variants.list().some((variant) => variant.name === 'old-ltr')).toBe(false);
    store.close();
  });
});
