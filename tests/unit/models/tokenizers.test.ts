import { describe, expect, it } from 'vitest';
import { encodePairBatch, encodeTextBatch, HuggingFaceTokenizer, WordVocabTokenizer } from '../../../core/models';
import { TINY_VOCAB, tinyTokenizerJson } from '../../helpers/tiny-onnx';

const rows = (data: BigInt64Array, width: number): number[][] =>
  Array.from({ length: data.length / width }, (_, r) => Array.from(data.slice(r * width, (r + 1) * width), Number));

describe('WordVocabTokenizer', () => {
  const tokenizer = new WordVocabTokenizer(['[PAD]', '[UNK]', 'the', 'cafe', 'wing', 'boeing', '747'], {
    lowercase: true,
    stripAccents: true,
    pattern: '[a-z0-9]+',
    padId: 0,
    unkId: 1,
  });

  it('lowercases, strips accents and splits punctuation like GloVe', () => {
    expect(tokenizer.tokenize("The Café's Boeing-747 wing!")).toEqual(['the', 'cafe', 's', 'boeing', '747', 'wing']);
  });

  it('pads to the longest text, maps unknown words to unkId and truncates to maxLength', () => {
    const batch = encodeTextBatch(tokenizer, ['the wing', 'zeppelin', 'the the the the the'], 3);
    expect(batch.sequenceLength).toBe(3);
    expect(rows(batch.inputIds, 3)).toEqual([
      [2, 4, 0],
      [1, 0, 0],
      [2, 2, 2],
    ]);
    expect(rows(batch.attentionMask, 3)).toEqual([
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
    ]);
  });

  it('keeps one padded column for texts without tokens', () => {
    const batch = encodeTextBatch(tokenizer, ['', '!!'], 8);
    expect(batch).toMatchObject({ batchSize: 2, sequenceLength: 1 });
    expect(Array.from(batch.attentionMask)).toEqual([0n, 0n]);
  });
});

describe('HuggingFaceTokenizer (tokenizer.json)', () => {
  const tokenizer = new HuggingFaceTokenizer(tinyTokenizerJson(), {});
  const id = (token: string) => TINY_VOCAB.indexOf(token);

  it('applies BertNormalizer, WordPiece and the [CLS] … [SEP] template', () => {
    const batch = encodeTextBatch(tokenizer, ['Aircraft WINGS.', 'lift'], 32);
    expect(rows(batch.inputIds, batch.sequenceLength)).toEqual([
      ['[CLS]', 'air', '##craft', 'wing', '##s', '.', '[SEP]'].map(id),
      ['[CLS]', 'lift', '[SEP]', '[PAD]', '[PAD]', '[PAD]', '[PAD]'].map(id),
    ]);
    expect(rows(batch.tokenTypeIds, batch.sequenceLength)[0]).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(rows(batch.attentionMask, batch.sequenceLength)[1]).toEqual([1, 1, 1, 0, 0, 0, 0]);
  });

  it('maps unknown words to [UNK]', () => {
    expect(Array.from(encodeTextBatch(tokenizer, ['zeppelin'], 8).inputIds, Number)).toEqual(['[CLS]', '[UNK]', '[SEP]'].map(id));
  });

  it('truncates a single text so the special tokens still fit', () => {
    const batch = encodeTextBatch(tokenizer, ['wing wing wing wing wing'], 4);
    expect(Array.from(batch.inputIds, Number)).toEqual(['[CLS]', 'wing', 'wing', '[SEP]'].map(id));
  });

  it('encodes pairs with segment ids and truncates the longer side first', () => {
    const batch = encodePairBatch(tokenizer, 'lift', ['wing wing wing wing wing wing'], 8);
    expect(Array.from(batch.inputIds, Number)).toEqual(
      ['[CLS]', 'lift', '[SEP]', 'wing', 'wing', 'wing', 'wing', '[SEP]'].map(id),
    );
    expect(Array.from(batch.tokenTypeIds, Number)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('shortens both sides when both are long', () => {
    const batch = encodePairBatch(tokenizer, 'lift lift lift lift', ['wing wing wing wing'], 9);
    expect(Array.from(batch.inputIds, Number)).toEqual(
      ['[CLS]', 'lift', 'lift', 'lift', '[SEP]', 'wing', 'wing', 'wing', '[SEP]'].map(id),
    );
  });
});
