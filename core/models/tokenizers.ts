/**
 * Text → padded int64 batches (input_ids, attention_mask, token_type_ids) for ONNX text models.
 * Two tokenizer kinds share the truncation and padding code: a word vocabulary with a regex
 * (the GloVe encoder) and a Hugging Face tokenizer.json (transformer exports).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { createPromiseCache } from '../runtime/memo';
import type { TokenizerSpec, WordVocabTokenizerSpec } from './manifest';

/** The three row-major [batchSize, sequenceLength] tensors a text model takes. */
export interface EncodedBatch {
  batchSize: number;
  sequenceLength: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/** A tokenizer reduced to what batching needs; tokens stay strings until the end so special tokens can be added. */
export interface TextTokenizer {
  /** Tokens of one text, without special tokens. */
  tokenize(text: string): string[];
  /** Wraps one text (or a pair) in the model's special tokens, with segment ids. */
  addSpecialTokens(first: string[], second: string[] | null): { tokens: string[]; typeIds: number[] };
  tokenId(token: string): number;
  padId: number;
}

/** A pair without special tokens: the tokens one after the other, segment 0 then segment 1. */
function concatenate(first: string[], second: string[] | null): { tokens: string[]; typeIds: number[] } {
  const tokens = second ? [...first, ...second] : first;
  return { tokens, typeIds: tokens.map((_, i) => (i < first.length ? 0 : 1)) };
}

/** Splits lowercase word-like runs and looks them up in a one-word-per-line vocabulary. */
export class WordVocabTokenizer implements TextTokenizer {
  readonly padId: number;
  private readonly ids: Map<string, number>;
  private readonly pattern: RegExp;

  constructor(
    vocabulary: string[],
    private readonly spec: Omit<WordVocabTokenizerSpec, 'type' | 'vocab'>,
  ) {
    this.ids = new Map(vocabulary.map((word, id) => [word, id]));
    this.pattern = new RegExp(spec.pattern, 'gu');
    this.padId = spec.padId;
  }

  static async fromFile(file: string, spec: Omit<WordVocabTokenizerSpec, 'type' | 'vocab'>): Promise<WordVocabTokenizer> {
    const lines = (await readFile(file, 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop(); // trailing newline, not an empty word
    return new WordVocabTokenizer(lines, spec);
  }

  tokenize(text: string): string[] {
    // Decomposing is the slow part, and plain ASCII has nothing to strip.
    const needsStripping = this.spec.stripAccents && /[^\x00-\x7f]/.test(text);
    let normalized = needsStripping ? text.normalize('NFKD').replace(/\p{M}/gu, '') : text;
    if (this.spec.lowercase) normalized = normalized.toLowerCase();
    return normalized.match(this.pattern) ?? [];
  }

  addSpecialTokens(first: string[], second: string[] | null): { tokens: string[]; typeIds: number[] } {
    return concatenate(first, second);
  }

  tokenId(token: string): number {
    return this.ids.get(token) ?? this.spec.unkId;
  }
}

interface TokenizerJson {
  padding?: { pad_id?: number } | null;
}

/** A Hugging Face tokenizer.json (WordPiece, BPE, Unigram …) via @huggingface/tokenizers. */
export class HuggingFaceTokenizer implements TextTokenizer {
  readonly padId: number;
  private readonly tokenizer: Tokenizer;

  constructor(tokenizerJson: object, tokenizerConfig: object) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    this.padId =
      (tokenizerJson as TokenizerJson).padding?.pad_id ??
      this.tokenizer.token_to_id('[PAD]') ??
      this.tokenizer.token_to_id('<pad>') ??
      0;
  }

  static async fromFile(file: string): Promise<HuggingFaceTokenizer> {
    const tokenizerJson = JSON.parse(await readFile(file, 'utf8')) as object;
    const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
    const config = await readFile(configFile, 'utf8').then(
      (text) => JSON.parse(text) as object,
      () => ({}),
    );
    return new HuggingFaceTokenizer(tokenizerJson, config);
  }

  tokenize(text: string): string[] {
    return this.tokenizer.tokenize(text, { add_special_tokens: false });
  }

  addSpecialTokens(first: string[], second: string[] | null): { tokens: string[]; typeIds: number[] } {
    const processor = this.tokenizer.post_processor;
    if (!processor) return concatenate(first, second);
    const { tokens, token_type_ids } = processor.post_process(first, second, true);
    return { tokens, typeIds: token_type_ids ?? new Array<number>(tokens.length).fill(0) };
  }

  tokenId(token: string): number {
    const id = this.tokenizer.token_to_id(token);
    // Model tokenizers emit only vocabulary tokens (or their unk token), so a miss is a broken tokenizer.json.
    if (id === undefined) throw new Error(`tokenizer.json has no id for token ${JSON.stringify(token)}`);
    return id;
  }
}

/** Loads the tokenizer a manifest names, resolving its file inside `modelDir`. */
export async function loadTokenizer(modelDir: string, spec: TokenizerSpec): Promise<TextTokenizer> {
  if (spec.type === 'word-vocab') return WordVocabTokenizer.fromFile(path.join(modelDir, spec.vocab), spec);
  return HuggingFaceTokenizer.fromFile(path.join(modelDir, spec.file));
}

const tokenizers = createPromiseCache<string, TextTokenizer>();

/** `loadTokenizer`, cached per model folder and spec; a failed load is retried next time. */
export function getTokenizer(modelDir: string, spec: TokenizerSpec): Promise<TextTokenizer> {
  return tokenizers.get(`${modelDir}\u0000${JSON.stringify(spec)}`, () => loadTokenizer(modelDir, spec));
}

/** Token lengths of the pair after "longest first" truncation: trim whichever side is longer, one token at a time. */
function truncatePair(firstLength: number, secondLength: number, budget: number): [number, number] {
  let first = firstLength;
  let second = secondLength;
  while (first + second > budget) {
    if (first > second) first--;
    else second--;
  }
  return [first, second];
}

function specialTokenCount(tokenizer: TextTokenizer, pair: boolean): number {
  return tokenizer.addSpecialTokens([], pair ? [] : null).tokens.length;
}

/** Right-pads id rows to the longest row; padding has attention 0. */
export function padBatch(tokenizer: TextTokenizer, rows: TokenizedText[]): EncodedBatch {
  const padId = tokenizer.padId;
  const batchSize = rows.length;
  // At least one column: ONNX graphs and pooling need a non-empty sequence axis even for empty texts.
  const sequenceLength = Math.max(1, ...rows.map((r) => r.ids.length));
  const inputIds = new BigInt64Array(batchSize * sequenceLength).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batchSize * sequenceLength);
  const tokenTypeIds = new BigInt64Array(batchSize * sequenceLength);
  rows.forEach((row, b) => {
    const offset = b * sequenceLength;
    row.ids.forEach((id, t) => {
      inputIds[offset + t] = BigInt(id);
      attentionMask[offset + t] = 1n;
      tokenTypeIds[offset + t] = BigInt(row.typeIds[t]);
    });
  });
  return { batchSize, sequenceLength, inputIds, attentionMask, tokenTypeIds };
}

export interface TokenizedText {
  ids: number[];
  typeIds: number[];
}

/** One text → ids with special tokens, truncated so the total is at most `maxLength`. */
export function tokenizeText(tokenizer: TextTokenizer, text: string, maxLength: number): TokenizedText {
  const budget = Math.max(0, maxLength - specialTokenCount(tokenizer, false));
  const { tokens, typeIds } = tokenizer.addSpecialTokens(tokenizer.tokenize(text).slice(0, budget), null);
  return { ids: tokens.map((t) => tokenizer.tokenId(t)), typeIds };
}

/** A (query, document) pair → ids with special tokens, truncated longest-first to `maxLength`. */
export function tokenizePair(tokenizer: TextTokenizer, first: string, second: string, maxLength: number): TokenizedText {
  const budget = Math.max(0, maxLength - specialTokenCount(tokenizer, true));
  const firstTokens = tokenizer.tokenize(first);
  const secondTokens = tokenizer.tokenize(second);
  const [firstLength, secondLength] = truncatePair(firstTokens.length, secondTokens.length, budget);
  const { tokens, typeIds } = tokenizer.addSpecialTokens(
    firstTokens.slice(0, firstLength),
    secondTokens.slice(0, secondLength),
  );
  return { ids: tokens.map((t) => tokenizer.tokenId(t)), typeIds };
}

export function encodeTextBatch(tokenizer: TextTokenizer, texts: string[], maxLength: number): EncodedBatch {
  return padBatch(
    tokenizer,
    texts.map((text) => tokenizeText(tokenizer, text, maxLength)),
  );
}

export function encodePairBatch(tokenizer: TextTokenizer, query: string, docs: string[], maxLength: number): EncodedBatch {
  return padBatch(
    tokenizer,
    docs.map((doc) => tokenizePair(tokenizer, query, doc, maxLength)),
  );
}
