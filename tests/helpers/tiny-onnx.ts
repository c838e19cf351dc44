/**
 * Tiny stand-ins for sentence-transformers ONNX exports: same input/output names and shapes, a few
 * hand-picked weights, so tests can check the outputs against arithmetic done in the test.
 * Also a small BERT-style WordPiece tokenizer.json and a helper that writes a model folder.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataType, encodeModel, floatTensor, int64Tensor, type NodeSpec } from '../../core/models/onnx-graph';

export const TINY_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]',
  'air', '##craft', 'wing', '##s', 'lift', 'protein', 'fold', '##ing', 'the', '.',
];

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

/** A BERT-style tokenizer.json: BertNormalizer, BertPreTokenizer, WordPiece, [CLS] A [SEP] (B [SEP]). */
export function tinyTokenizerJson(vocab: string[] = TINY_VOCAB): object {
  const idOf = (token: string): number => vocab.indexOf(token);
  const special = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0)],
      pair: [
        special('[CLS]', 0),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]', 0),
        { Sequence: { id: 'B', type_id: 1 } },
        special('[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

const TEXT_INPUTS = [
  { name: 'input_ids', type: DataType.INT64, dims: ['batch', 'sequence'] },
  { name: 'attention_mask', type: DataType.INT64, dims: ['batch', 'sequence'] },
  { name: 'token_type_ids', type: DataType.INT64, dims: ['batch', 'sequence'] },
];

export interface TinyEncoderWeights {
  /** [vocab, width] */
  tokenEmbeddings: number[][];
  /** [2, width] */
  typeEmbeddings: number[][];
}

function matrix(name: string, rows: number[][]) {
  return floatTensor(name, [rows.length, rows[0].length], rows.flat());
}

/** Nodes computing `token_vectors` = tokenEmbeddings[input_ids] + typeEmbeddings[token_type_ids]. */
const TOKEN_VECTOR_NODES: NodeSpec[] = [
  { op: 'Gather', inputs: ['token_embeddings', 'input_ids'], outputs: ['word_part'] },
  { op: 'Gather', inputs: ['type_embeddings', 'token_type_ids'], outputs: ['type_part'] },
  { op: 'Add', inputs: ['word_part', 'type_part'], outputs: ['token_vectors'] },
  { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: DataType.FLOAT } },
  { op: 'Unsqueeze', inputs: ['mask', 'last_axis'], outputs: ['mask_column'] },
];

/**
 * Bi-encoder: last_hidden_state[b,t] = (tokenEmbeddings[id] + typeEmbeddings[type]) · projection
 * + mask[b,t] · maskBias. Padding positions are deliberately non-zero (as in real transformers), so
 * pooling that forgets the mask gives a different answer.
 */
export function tinyBiEncoderOnnx(weights: TinyEncoderWeights & { projection: number[][]; maskBias: number[] }): Uint8Array {
  const hidden = weights.projection[0].length;
  return encodeModel({
    name: 'tiny_bi_encoder',
    inputs: TEXT_INPUTS,
    outputs: [{ name: 'last_hidden_state', type: DataType.FLOAT, dims: ['batch', 'sequence', hidden] }],
    initializers: [
      matrix('token_embeddings', weights.tokenEmbeddings),
      matrix('type_embeddings', weights.typeEmbeddings),
      matrix('projection', weights.projection),
      floatTensor('mask_bias', [hidden], weights.maskBias),
      int64Tensor('last_axis', [1], [2]),
    ],
    nodes: [
      ...TOKEN_VECTOR_NODES,
      { op: 'MatMul', inputs: ['token_vectors', 'projection'], outputs: ['projected'] },
      { op: 'Mul', inputs: ['mask_column', 'mask_bias'], outputs: ['bias_part'] },
      { op: 'Add', inputs: ['projected', 'bias_part'], outputs: ['last_hidden_state'] },
    ],
  });
}

/** Cross-encoder: logits[b] = (Σ_t mask[b,t] · token_vectors[b,t]) · classifier, shape [batch, classes]. */
export function tinyCrossEncoderOnnx(weights: TinyEncoderWeights & { classifier: number[][] }): Uint8Array {
  return encodeModel({
    name: 'tiny_cross_encoder',
    inputs: TEXT_INPUTS,
    outputs: [{ name: 'logits', type: DataType.FLOAT, dims: ['batch', weights.classifier[0].length] }],
    initializers: [
      matrix('token_embeddings', weights.tokenEmbeddings),
      matrix('type_embeddings', weights.typeEmbeddings),
      matrix('classifier', weights.classifier),
      int64Tensor('last_axis', [1], [2]),
      int64Tensor('sequence_axis', [1], [1]),
    ],
    nodes: [
      ...TOKEN_VECTOR_NODES,
      { op: 'Mul', inputs: ['token_vectors', 'mask_column'], outputs: ['masked_vectors'] },
      { op: 'ReduceSum', inputs: ['masked_vectors', 'sequence_axis'], outputs: ['pooled'], attributes: { keepdims: 0 } },
      { op: 'MatMul', inputs: ['pooled', 'classifier'], outputs: ['logits'] },
    ],
  });
}

/** Learning-to-rank: score[b] = features[b] · weights, shape [batch, 1]. */
export function tinyLtrOnnx(weights: number[]): Uint8Array {
  return encodeModel({
    name: 'tiny_ltr',
    inputs: [{ name: 'features', type: DataType.FLOAT, dims: ['batch', weights.length] }],
    outputs: [{ name: 'score', type: DataType.FLOAT, dims: ['batch', 1] }],
    initializers: [floatTensor('weights', [weights.length, 1], weights)],
    nodes: [{ op: 'MatMul', inputs: ['features', 'weights'], outputs: ['score'] }],
  });
}

/** Writes `model.json`, `model.onnx` and any extra files (objects as JSON) into `dir`. */
export async function writeModelFolder(
  dir: string,
  manifest: object | string,
  onnxBytes: Uint8Array | null,
  extraFiles: Record<string, object | string> = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const asText = (content: object | string) => (typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  await writeFile(path.join(dir, 'model.json'), asText(manifest));
  if (onnxBytes) await writeFile(path.join(dir, 'model.onnx'), onnxBytes);
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(dir, name), asText(content));
  return dir;
}

/** A manifest for `tinyBiEncoderOnnx` with the sentence-transformers names. */
export function tinyBiEncoderManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'bi-encoder',
    name: 'Tiny bi-encoder',
    tokenizer: { type: 'huggingface', file: 'tokenizer.json' },
    maxLength: 16,
    pooling: 'mean',
    normalize: false,
    dimensions: 2,
    inputs: { inputIds: 'input_ids', attentionMask: 'attention_mask', tokenTypeIds: 'token_type_ids' },
    outputs: { lastHiddenState: 'last_hidden_state' },
    ...overrides,
  };
}

/** A manifest for `tinyCrossEncoderOnnx`. */
export function tinyCrossEncoderManifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'cross-encoder',
    name: 'Tiny cross-encoder',
    tokenizer: { type: 'huggingface', file: 'tokenizer.json' },
    maxLength: 16,
    inputs: { inputIds: 'input_ids', attentionMask: 'attention_mask', tokenTypeIds: 'token_type_ids' },
    outputs: { logits: 'logits' },
    ...overrides,
  };
}
