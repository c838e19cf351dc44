/**
 * Running installed models: text vectors from bi-encoders, (query, document) scores from
 * cross-encoders and feature-row scores from learning-to-rank models. Inputs are batched by token
 * length so that a batch pads to similar lengths; results come back in the caller's order.
 */
import * as ort from 'onnxruntime-node';
import type { BiEncoderManifest, ModelManifest, TextModelManifest } from './manifest';
import { getSession, type InstalledModel, type ModelSession, type SessionOptions } from './sessions';
import { getTokenizer, padBatch, tokenizePair, tokenizeText, type EncodedBatch } from './tokenizers';

export interface RunOptions extends SessionOptions {
  /** Texts (or pairs, or rows) per `session.run`; default 32. */
  batchSize?: number;
}

function batchSizeOf(options: RunOptions): number {
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  return batchSize;
}

function requireKind<K extends ModelManifest['kind']>(
  model: InstalledModel,
  kind: K,
): Extract<ModelManifest, { kind: K }> {
  if (model.manifest.kind !== kind) {
    throw new Error(`model ${model.id} is a ${model.manifest.kind}, not a ${kind}`);
  }
  return model.manifest as Extract<ModelManifest, { kind: K }>;
}

/** Indices grouped into batches of similar length (shortest first), so padding stays small. */
function batchesByLength(lengths: number[], batchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b]);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}

function textFeeds(manifest: TextModelManifest, batch: EncodedBatch): Record<string, ort.Tensor> {
  const dims = [batch.batchSize, batch.sequenceLength];
  const feeds: Record<string, ort.Tensor> = {
    [manifest.inputs.inputIds]: new ort.Tensor('int64', batch.inputIds, dims),
    [manifest.inputs.attentionMask]: new ort.Tensor('int64', batch.attentionMask, dims),
  };
  if (manifest.inputs.tokenTypeIds) feeds[manifest.inputs.tokenTypeIds] = new ort.Tensor('int64', batch.tokenTypeIds, dims);
  return feeds;
}

/** Runs the session and returns one float32 output, with its rank checked against `expectedRanks`. */
async function runForOutput(
  session: ModelSession,
  feeds: Record<string, ort.Tensor>,
  outputName: string,
  expectedRanks: number[],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const results = await session.session.run(feeds, [outputName]);
  const output = results[outputName];
  if (output.type !== 'float32') {
    throw new Error(`model ${session.model.id}: output '${outputName}' is ${output.type}, expected float32`);
  }
  if (!expectedRanks.includes(output.dims.length)) {
    throw new Error(
      `model ${session.model.id}: output '${outputName}' has shape [${output.dims.join(', ')}], expected rank ${expectedRanks.join(' or ')}`,
    );
  }
  return { data: output.data as Float32Array, dims: output.dims };
}

function l2Normalize(vector: Float32Array): Float32Array {
  let sumOfSquares = 0;
  for (const x of vector) sumOfSquares += x * x;
  const norm = Math.sqrt(sumOfSquares);
  // A text with no known tokens has a zero vector; keep it zero rather than NaN.
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/** Per-text vectors from a [batch, seq, hidden] output: masked mean, or the first ([CLS]) token. */
function poolTokenVectors(
  data: Float32Array,
  [batchSize, sequenceLength, hidden]: readonly number[],
  attentionMask: BigInt64Array,
  pooling: BiEncoderManifest['pooling'],
): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batchSize; b++) {
    const rowStart = b * sequenceLength * hidden;
    if (pooling === 'cls') {
      vectors.push(data.slice(rowStart, rowStart + hidden));
      continue;
    }
    const sum = new Float32Array(hidden);
    let count = 0;
    for (let t = 0; t < sequenceLength; t++) {
      if (attentionMask[b * sequenceLength + t] === 0n) continue;
      count++;
      const tokenStart = rowStart + t * hidden;
      for (let h = 0; h < hidden; h++) sum[h] += data[tokenStart + h];
    }
    if (count > 0) for (let h = 0; h < hidden; h++) sum[h] /= count;
    vectors.push(sum);
  }
  return vectors;
}

function splitRows(data: Float32Array, rows: number, width: number): Float32Array[] {
  return Array.from({ length: rows }, (_, r) => data.slice(r * width, (r + 1) * width));
}

/**
 * One vector per text (in input order) from a bi-encoder, pooled and normalised as its manifest says.
 * Vectors have `manifest.dimensions` entries.
 */
export async function encodeTexts(model: InstalledModel, texts: string[], options: RunOptions = {}): Promise<Float32Array[]> {
  const manifest = requireKind(model, 'bi-encoder');
  if (texts.length === 0) return [];
  const tokenizer = await getTokenizer(model.dir, manifest.tokenizer);
  const session = await getSession(model, options);
  const tokenized = texts.map((text) => tokenizeText(tokenizer, text, manifest.maxLength));
  const vectors = new Array<Float32Array>(texts.length);

  for (const indices of batchesByLength(tokenized.map((t) => t.ids.length), batchSizeOf(options))) {
    const batch = padBatch(tokenizer, indices.map((i) => tokenized[i]));
    const feeds = textFeeds(manifest, batch);
    let batchVectors: Float32Array[];
    if (manifest.outputs.lastHiddenState) {
      const { data, dims } = await runForOutput(session, feeds, manifest.outputs.lastHiddenState, [3]);
      checkDimensions(model, manifest.outputs.lastHiddenState, dims[2], manifest.dimensions);
      batchVectors = poolTokenVectors(data, dims, batch.attentionMask, manifest.pooling);
    } else {
      const outputName = manifest.outputs.sentenceEmbedding!;
      const { data, dims } = await runForOutput(session, feeds, outputName, [2]);
      checkDimensions(model, outputName, dims[1], manifest.dimensions);
      batchVectors = splitRows(data, batch.batchSize, dims[1]);
    }
    indices.forEach((original, b) => {
      vectors[original] = manifest.normalize ? l2Normalize(batchVectors[b]) : batchVectors[b];
    });
  }
  return vectors;
}

function checkDimensions(model: InstalledModel, outputName: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new Error(`model ${model.id}: output '${outputName}' has ${actual} dimensions but the manifest says dimensions ${expected}`);
  }
}

/**
 * Cross-encoder relevance of each document to the query (input order). The score is the raw logit:
 * column 0 of a [batch, 1] output, or column 1 (the "relevant" class) of a [batch, 2] output.
 */
export async function scorePairs(
  model: InstalledModel,
  query: string,
  docs: string[],
  options: RunOptions = {},
): Promise<number[]> {
  const manifest = requireKind(model, 'cross-encoder');
  if (docs.length === 0) return [];
  const tokenizer = await getTokenizer(model.dir, manifest.tokenizer);
  const session = await getSession(model, options);
  const tokenized = docs.map((doc) => tokenizePair(tokenizer, query, doc, manifest.maxLength));
  const scores = new Array<number>(docs.length);

  for (const indices of batchesByLength(tokenized.map((t) => t.ids.length), batchSizeOf(options))) {
    const batch = padBatch(tokenizer, indices.map((i) => tokenized[i]));
    const { data, dims } = await runForOutput(session, textFeeds(manifest, batch), manifest.outputs.logits, [1, 2]);
    const columns = dims.length === 1 ? 1 : dims[1];
    if (columns !== 1 && columns !== 2) {
      throw new Error(`model ${model.id}: logits have ${columns} columns; expected 1 (score) or 2 (negative, positive)`);
    }
    indices.forEach((original, b) => {
      scores[original] = data[b * columns + (columns - 1)];
    });
  }
  return scores;
}

/** Learning-to-rank scores, one per row; each row holds `manifest.features` in order. */
export async function scoreFeatures(model: InstalledModel, rows: number[][], options: RunOptions = {}): Promise<number[]> {
  const manifest = requireKind(model, 'ltr');
  const width = manifest.features.length;
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`model ${model.id}: row ${r} has ${row.length} features, expected ${width} (${manifest.features.join(', ')})`);
  });
  if (rows.length === 0) return [];
  const session = await getSession(model, options);
  const batchSize = batchSizeOf(options);
  const scores: number[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const chunk = rows.slice(start, start + batchSize);
    const input = new ort.Tensor('float32', Float32Array.from(chunk.flat()), [chunk.length, width]);
    const { data, dims } = await runForOutput(session, { [manifest.inputs.features]: input }, manifest.outputs.score, [1, 2]);
    if (data.length !== chunk.length) {
      throw new Error(`model ${model.id}: score output has shape [${dims.join(', ')}], expected [${chunk.length}] or [${chunk.length}, 1]`);
    }
    scores.push(...data);
  }
  return scores;
}
