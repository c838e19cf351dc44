/**
 * The `model.json` manifest that sits beside each `model.onnx`. models/README.md documents every field.
 * Objects are strict so that a misspelt field is reported instead of silently ignored.
 */
import { AppError } from '../runtime/errors';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const relativeFile = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'must be a path inside the model folder');

const validRegex = z.string().refine((pattern) => {
  try {
    new RegExp(pattern, 'gu');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid JavaScript regular expression');

export const wordVocabTokenizerSchema = z.strictObject({
  type: z.literal('word-vocab'),
  /** One token per line; the line number (from 0) is the token id. */
  vocab: relativeFile.default('vocab.txt'),
  lowercase: z.boolean().default(true),
  /** Decompose and drop combining marks ("café" → "cafe") before matching. */
  stripAccents: z.boolean().default(true),
  /** Each match of this regex (flags `gu`) is one token. */
  pattern: validRegex,
  padId: z.number().int().nonnegative().default(0),
  unkId: z.number().int().nonnegative().default(1),
});

export const huggingFaceTokenizerSchema = z.strictObject({
  type: z.literal('huggingface'),
  /** A Hugging Face `tokenizer.json`; a `tokenizer_config.json` beside it is read when present. */
  file: relativeFile.default('tokenizer.json'),
});

export const tokenizerSchema = z.discriminatedUnion('type', [wordVocabTokenizerSchema, huggingFaceTokenizerSchema]);

const commonFields = {
  name: z.string().min(1),
  description: z.string().optional(),
  license: z.string().optional(),
  file: relativeFile.default('model.onnx'),
};

const textInputsSchema = z.strictObject({
  inputIds: z.string().min(1).default('input_ids'),
  attentionMask: z.string().min(1).default('attention_mask'),
  /** Leave out for models without segment ids (e.g. the GloVe encoder, RoBERTa-style exports). */
  tokenTypeIds: z.string().min(1).optional(),
});

const textModelFields = {
  ...commonFields,
  tokenizer: tokenizerSchema,
  /** Sequences are truncated to this many tokens, special tokens included. */
  maxLength: z.number().int().positive(),
  inputs: textInputsSchema,
};

export const biEncoderManifestSchema = z.strictObject({
  kind: z.literal('bi-encoder'),
  ...textModelFields,
  /** How token vectors become one text vector when the output is `lastHiddenState`. */
  pooling: z.enum(['mean', 'cls']),
  /** L2-normalise the text vectors (idempotent for graphs that already normalise). */
  normalize: z.boolean(),
  dimensions: z.number().int().positive(),
  outputs: z
    .strictObject({
      /** Per-token output [batch, seq, dimensions], pooled in JS according to `pooling`. */
      lastHiddenState: z.string().min(1).optional(),
      /** Already-pooled output [batch, dimensions]. */
      sentenceEmbedding: z.string().min(1).optional(),
    })
    .refine(
      (o) => (o.lastHiddenState === undefined) !== (o.sentenceEmbedding === undefined),
      'name exactly one of lastHiddenState or sentenceEmbedding',
    ),
});

export const crossEncoderManifestSchema = z.strictObject({
  kind: z.literal('cross-encoder'),
  ...textModelFields,
  outputs: z.strictObject({
    /** [batch, 1] (the score) or [batch, 2] (the score is the positive class, index 1). */
    logits: z.string().min(1).default('logits'),
  }),
});

export const ltrManifestSchema = z.strictObject({
  kind: z.literal('ltr'),
  ...commonFields,
  /** The feature-set version the model was trained on (e.g. `relwb-features-v2`); written by the in-app trainer. */
  featureSet: z.string().min(1).optional(),
  /** Feature names in the column order of the model's input matrix. */
  features: z.array(z.string().min(1)).min(1),
  inputs: z.strictObject({
    /** float32 [batch, features.length]. */
    features: z.string().min(1).default('features'),
  }),
  outputs: z.strictObject({
    /** float32 [batch] or [batch, 1]. */
    score: z.string().min(1).default('score'),
  }),
});

export const modelManifestSchema = z.discriminatedUnion('kind', [
  biEncoderManifestSchema,
  crossEncoderManifestSchema,
  ltrManifestSchema,
]);

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type BiEncoderManifest = z.infer<typeof biEncoderManifestSchema>;
export type CrossEncoderManifest = z.infer<typeof crossEncoderManifestSchema>;
export type LtrManifest = z.infer<typeof ltrManifestSchema>;
export type TextModelManifest = BiEncoderManifest | CrossEncoderManifest;
export type TokenizerSpec = z.infer<typeof tokenizerSchema>;
export type WordVocabTokenizerSpec = z.infer<typeof wordVocabTokenizerSchema>;
export type ModelKind = ModelManifest['kind'];

/** A manifest problem, phrased as `<file>: field "<path>": <what is wrong>`. */
export class ManifestError extends AppError {
  constructor(message: string) {
    super('MODEL_INVALID', message);
  }
}

/** Validates already-parsed JSON; `file` is only used to name the source in errors. */
export function parseManifest(json: unknown, file: string): ModelManifest {
  const result = modelManifestSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `field "${field}": ${issue.message}`;
  });
  throw new ManifestError(`${file}: ${problems.join('; ')}`);
}

export async function readManifest(file: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`${file}: cannot read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseManifest(json, file);
}
