import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/runtime/errors';
import { BUILT_IN_VARIANTS, parseVariantSpec, retrieverKey, type VariantSpecInput } from '../../../core/ranking/variant-schema';

const hybrid = (fusion: unknown): unknown => ({
  name: 'hybrid',
  retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
  fusion,
});

/** The AppError parseVariantSpec throws for `json`. */
function parseError(json: unknown, source?: string): AppError {
  try {
    parseVariantSpec(json, source);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the variant to be rejected');
}

describe('built-in variants', () => {
  it('are bm25, dense-glove, hybrid-rrf and hybrid-weighted, each described', () => {
    expect(BUILT_IN_VARIANTS.map((variant) => variant.name)).toEqual(['bm25', 'dense-glove', 'hybrid-rrf', 'hybrid-weighted']);
    for (const variant of BUILT_IN_VARIANTS) expect(variant.description).toBeTruthy();
  });

  it('fuse BM25 with the glove-100d model', () => {
    const [, dense, rrf, weighted] = BUILT_IN_VARIANTS;
    expect(dense!.retrievers).toEqual([{ kind: 'dense', model: 'glove-100d' }]);
    expect(rrf!.fusion).toEqual({ kind: 'rrf', k: 60 });
    expect(weighted!.fusion).toEqual({ kind: 'weighted', normalization: 'minmax', weights: { bm25: 0.5, 'dense:glove-100d': 0.5 } });
  });

  it('survive a JSON round trip unchanged', () => {
    for (const variant of BUILT_IN_VARIANTS) expect(parseVariantSpec(JSON.parse(JSON.stringify(variant)))).toEqual(variant);
  });
});

describe('retrieverKey', () => {
  it('is bm25 or dense:<model>', () => {
    expect(retrieverKey({ kind: 'bm25' })).toBe('bm25');
    expect(retrieverKey({ kind: 'dense', model: 'glove-100d' })).toBe('dense:glove-100d');
  });
});

describe('parseVariantSpec', () => {
  it('fills in defaults', () => {
    expect(parseVariantSpec({ name: 'plain', retrievers: [{ kind: 'bm25' }] })).toEqual({
      name: 'plain',
      retrievers: [{ kind: 'bm25' }],
      depth: 100,
      filters: [],
      k: 100,
    });
    expect(parseVariantSpec(hybrid({ kind: 'rrf' })).fusion).toEqual({ kind: 'rrf', k: 60 });
  });

  it('accepts every stage', () => {
    const spec: VariantSpecInput = {
      name: 'everything_v2.1',
      description: 'All stages',
      retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
      depth: 1000,
      fusion: { kind: 'weighted', normalization: 'zscore', weights: { bm25: 0.7, 'dense:glove-100d': 0.3 } },
      filters: [
        { kind: 'board', in: ['recipes', 'travel'] },
        { kind: 'tags', contains: ['vegan'] },
        { kind: 'field', field: 'title', equals: 'Pancakes' },
      ],
      rerank: { kind: 'ltr', model: 'lambdamart', topN: 200, featureSet: 'relwb-features-v3' },
      k: 10,
    };
    const parsed = parseVariantSpec(spec);
    expect(parsed.filters[1]).toEqual({ kind: 'tags', contains: ['vegan'], match: 'all' });
    expect(parsed.rerank).toEqual(spec.rerank);
    expect(parseVariantSpec({ ...spec, rerank: { kind: 'cross-encoder', model: 'minilm-l6', topN: 50 } }).rerank?.kind).toBe('cross-encoder');
  });

  it('accepts names of 1 to 64 characters from the allowed set', () => {
    expect(parseVariantSpec({ name: 'a', retrievers: [{ kind: 'bm25' }] }).name).toBe('a');
    expect(parseVariantSpec({ name: `0${'x'.repeat(63)}`, retrievers: [{ kind: 'bm25' }] }).name).toHaveLength(64);
  });

  it.each([
    ['uppercase', 'BM25'],
    ['a leading dash', '-bm25'],
    ['a space', 'my variant'],
    ['65 characters', 'x'.repeat(65)],
    ['nothing', ''],
  ])('rejects a name with %s', (_what, name) => {
    expect(parseError({ name, retrievers: [{ kind: 'bm25' }] }).location).toEqual({ field: 'name' });
  });

  it.each<[what: string, json: unknown, field: string | undefined, message: RegExp]>([
    [
      'a weight naming an unknown retriever',
      hybrid({ kind: 'weighted', normalization: 'minmax', weights: { bm25: 1, 'dense:glove-100d': 1, 'dense:minilm': 1 } }),
      'fusion.weights.dense:minilm',
      /^fusion\.weights\.dense:minilm: "dense:minilm" is not one of this variant's retrievers \(bm25, dense:glove-100d\)$/,
    ],
    [
      'a retriever without a weight',
      hybrid({ kind: 'weighted', normalization: 'minmax', weights: { bm25: 1 } }),
      'fusion.weights',
      /^fusion\.weights: missing a weight for dense:glove-100d$/,
    ],
    [
      'weights that are all 0',
      hybrid({ kind: 'weighted', normalization: 'minmax', weights: { bm25: 0, 'dense:glove-100d': 0 } }),
      'fusion.weights',
      /above 0/,
    ],
    [
      'a negative weight',
      hybrid({ kind: 'weighted', normalization: 'minmax', weights: { bm25: -1, 'dense:glove-100d': 1 } }),
      'fusion.weights.bm25',
      /^fusion\.weights\.bm25: /,
    ],
    ['an unknown normalization', hybrid({ kind: 'weighted', normalization: 'l2', weights: {} }), 'fusion.normalization', /^fusion\.normalization: /],
    ['an unknown fusion', hybrid({ kind: 'combsum' }), 'fusion.kind', /"rrf" or "weighted"/],
    ['two retrievers without fusion', hybrid(undefined), 'fusion', /^fusion: required when there are 2 or more retrievers$/],
    ['fusion with one retriever', { name: 'x', retrievers: [{ kind: 'bm25' }], fusion: { kind: 'rrf' } }, 'fusion', /single retriever/],
    ['no retrievers', { name: 'x', retrievers: [] }, 'retrievers', /^retrievers: /],
    ['an unknown retriever kind', { name: 'x', retrievers: [{ kind: 'splade' }] }, 'retrievers.0.kind', /"bm25" or "dense"/],
    ['a dense retriever without a model', { name: 'x', retrievers: [{ kind: 'dense' }] }, 'retrievers.0.model', /^retrievers\.0\.model: /],
    [
      'the same retriever twice',
      { name: 'x', retrievers: [{ kind: 'bm25' }, { kind: 'bm25' }], fusion: { kind: 'rrf' } },
      'retrievers.1',
      /"bm25" is listed twice/,
    ],
    ['a misspelt field', { name: 'x', retrievers: [{ kind: 'bm25', modle: 'm' }] }, 'retrievers.0', /modle/],
    ['a misspelt top-level field', { name: 'x', retrievers: [{ kind: 'bm25' }], dpeth: 10 }, undefined, /^\(top level\): .*dpeth/],
    ['depth above 1000', { name: 'x', retrievers: [{ kind: 'bm25' }], depth: 1001 }, 'depth', /^depth: /],
    ['a fractional k', { name: 'x', retrievers: [{ kind: 'bm25' }], k: 2.5 }, 'k', /^k: /],
    ['a negative RRF k', hybrid({ kind: 'rrf', k: -1 }), 'fusion.k', /^fusion\.k: /],
    ['an empty board filter', { name: 'x', retrievers: [{ kind: 'bm25' }], filters: [{ kind: 'board', in: [] }] }, 'filters.0.in', /^filters\.0\.in: /],
    [
      'another feature set',
      { name: 'x', retrievers: [{ kind: 'bm25' }], rerank: { kind: 'ltr', model: 'm', topN: 10, featureSet: 'relwb-features-v0' } },
      'rerank.featureSet',
      /relwb-features-v3/,
    ],
    ['a rerank without topN', { name: 'x', retrievers: [{ kind: 'bm25' }], rerank: { kind: 'cross-encoder', model: 'm' } }, 'rerank.topN', /^rerank\.topN: /],
    ['something other than an object', [1, 2], undefined, /^\(top level\): /],
  ])('rejects %s, naming the JSON path', (_what, json, field, message) => {
    const error = parseError(json);
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.location).toEqual({ field });
    expect(error.message).toMatch(message);
  });

  it('names the source in the message when given', () => {
    const error = parseError({ name: 'x', retrievers: [] }, 'variant "x"');
    expect(error.message).toMatch(/^variant "x": retrievers: /);
    expect(error.location).toEqual({ field: 'retrievers' });
  });

  it('reports every problem of a spec at once, each with its field', () => {
    const error = parseError({ name: 'bad name!', retrievers: [{ kind: 'bm25', boost: 1 }], depth: 0 });
    expect(error.message).toMatch(/^3 problems: name: .+; retrievers\.0: Unrecognized key: "boost"; depth: .+$/);
    expect(error.location).toEqual({ field: 'name' });
  });
});
