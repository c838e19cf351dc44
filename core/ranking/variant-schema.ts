/**
 * A ranker variant: a declarative retrieval and ranking pipeline, stored as JSON and edited in the UI.
 * docs/ranking.md documents every field. Objects are strict so that a misspelt field is reported
 * instead of silently ignored.
 */
import { z } from 'zod';
import { AppError } from '../runtime/errors';
import { FEATURE_SET_VERSION } from './features';

const MAX_CANDIDATES = 1000;

const variantName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-_.]{0,63}$/,
    'must be 1 to 64 lowercase letters, digits, "-", "_" or ".", starting with a letter or digit',
  );

/** A model id is its folder name under models/ (see core/models/registry.ts). */
const modelId = z.string().regex(/^\S{1,128}$/, 'must be a model id (its folder name), without spaces');

const candidateCount = z.number().int().min(1).max(MAX_CANDIDATES);

const retrieverSchema = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('bm25') }), z.strictObject({ kind: z.literal('dense'), model: modelId })],
  { error: 'kind must be "bm25" or "dense"' },
);

const fusionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('rrf'), k: z.number().nonnegative().default(60) }),
    z.strictObject({
      kind: z.literal('weighted'),
      normalization: z.enum(['minmax', 'zscore']),
      /** Retriever key (retrieverKey) → weight. */
      weights: z.record(z.string(), z.number().nonnegative()),
    }),
  ],
  { error: 'kind must be "rrf" or "weighted"' },
);

const nonEmptyStrings = z.array(z.string().min(1)).min(1);

/** Every filter must hold for a document to be retrieved. */
const filterSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('board'), in: nonEmptyStrings }),
    z.strictObject({ kind: z.literal('tags'), contains: nonEmptyStrings, match: z.enum(['all', 'any']).default('all') }),
    z.strictObject({ kind: z.literal('field'), field: z.enum(['id', 'title', 'text', 'board']), equals: z.string() }),
  ],
  { error: 'kind must be "board", "tags" or "field"' },
);

const rerankSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('cross-encoder'), model: modelId, topN: candidateCount }),
    // The feature set is required, not defaulted, so a stored variant keeps its features when a new version appears.
    z.strictObject({ kind: z.literal('ltr'), model: modelId, topN: candidateCount, featureSet: z.literal(FEATURE_SET_VERSION) }),
  ],
  { error: 'kind must be "cross-encoder" or "ltr"' },
);

export const variantSpecSchema = z
  .strictObject({
    name: variantName,
    description: z.string().optional(),
    retrievers: z.array(retrieverSchema).min(1, 'name at least one retriever'),
    /** Candidates each retriever returns. */
    depth: candidateCount.default(100),
    fusion: fusionSchema.optional(),
    filters: z.array(filterSchema).default([]),
    rerank: rerankSchema.optional(),
    /** Results returned after the last stage. */
    k: candidateCount.default(100),
  })
  .superRefine((spec, ctx) => {
    const keys: string[] = spec.retrievers.map(retrieverKey);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) ctx.addIssue({ code: 'custom', path: ['retrievers', i], message: `"${key}" is listed twice` });
    });
    if (keys.length > 1 && !spec.fusion) {
      ctx.addIssue({ code: 'custom', path: ['fusion'], message: 'required when there are 2 or more retrievers' });
    }
    if (keys.length === 1 && spec.fusion) {
      ctx.addIssue({ code: 'custom', path: ['fusion'], message: 'must be left out when there is a single retriever' });
    }
    if (spec.fusion?.kind !== 'weighted') return;
    const { weights } = spec.fusion;
    for (const named of Object.keys(weights)) {
      if (!keys.includes(named)) {
        const message = `"${named}" is not one of this variant's retrievers (${keys.join(', ')})`;
        ctx.addIssue({ code: 'custom', path: ['fusion', 'weights', named], message });
      }
    }
    const missing = keys.filter((key) => !Object.hasOwn(weights, key));
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['fusion', 'weights'], message: `missing a weight for ${missing.join(', ')}` });
    }
    if (!Object.values(weights).some((weight) => weight > 0)) {
      ctx.addIssue({ code: 'custom', path: ['fusion', 'weights'], message: 'at least one weight must be above 0' });
    }
  });

/** A variant as stored and run, defaults filled in. */
export type VariantSpec = z.output<typeof variantSpecSchema>;
/** A variant as written, defaults optional. */
export type VariantSpecInput = z.input<typeof variantSpecSchema>;
export type RetrieverSpec = VariantSpec['retrievers'][number];
export type FusionSpec = NonNullable<VariantSpec['fusion']>;
export type FilterSpec = VariantSpec['filters'][number];
export type RerankSpec = NonNullable<VariantSpec['rerank']>;
export type RetrieverKey = 'bm25' | `dense:${string}`;

/** The name a retriever goes by in fusion weights and result explanations: `bm25` or `dense:<model>`. */
export function retrieverKey(spec: RetrieverSpec): RetrieverKey {
  return spec.kind === 'bm25' ? 'bm25' : `dense:${spec.model}`;
}

/** Validates parsed JSON; errors name the JSON path of the first problem, prefixed with `source` when given. */
export function parseVariantSpec(json: unknown, source?: string): VariantSpec {
  const result = variantSpecSchema.safeParse(json);
  if (result.success) return result.data;
  // Every problem at once: fixing a spec one error per save is slow.
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return { field, text: `${field}: ${issue.message}` };
  });
  const prefix = source ? `${source}: ` : '';
  const message =
    problems.length === 1 ? `${prefix}${problems[0]!.text}` : `${prefix}${problems.length} problems: ${problems.map((problem) => problem.text).join('; ')}`;
  const first = problems[0]!.field;
  throw new AppError('INVALID_ARGS', message, { field: first === '(top level)' ? undefined : first });
}

const gloveRetriever = { kind: 'dense', model: 'glove-100d' } as const;

/** The variants every dataset starts with; parsed like user variants so they always satisfy the schema. */
export const BUILT_IN_VARIANTS: readonly VariantSpec[] = (
  [
    {
      name: 'bm25',
      description: 'Lexical baseline: BM25 over title, text, tags and board.',
      retrievers: [{ kind: 'bm25' }],
    },
    {
      name: 'dense-glove',
      description: 'Semantic baseline: cosine similarity of mean GloVe 100-d word vectors.',
      retrievers: [gloveRetriever],
    },
    {
      name: 'hybrid-rrf',
      description: 'BM25 and GloVe fused by reciprocal rank (k = 60); needs no score calibration.',
      retrievers: [{ kind: 'bm25' }, gloveRetriever],
      fusion: { kind: 'rrf', k: 60 },
    },
    {
      name: 'hybrid-weighted',
      description: 'BM25 and GloVe scores min-max normalized and averaged with equal weights; a starting point to tune.',
      retrievers: [{ kind: 'bm25' }, gloveRetriever],
      fusion: { kind: 'weighted', normalization: 'minmax', weights: { bm25: 0.5, 'dense:glove-100d': 0.5 } },
    },
  ] satisfies VariantSpecInput[]
).map((spec) => parseVariantSpec(spec, `built-in variant "${spec.name}"`));
