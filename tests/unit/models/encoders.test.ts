import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTexts, getModel, releaseSessions, scoreFeatures, scorePairs, type InstalledModel } from '../../../core/models';
import {
  TINY_VOCAB,
  tinyBiEncoderManifest,
  tinyBiEncoderOnnx,
  tinyCrossEncoderManifest,
  tinyCrossEncoderOnnx,
  tinyLtrOnnx,
  tinyTokenizerJson,
  writeModelFolder,
} from '../../helpers/tiny-onnx';

// Weights small enough to follow by hand: token i embeds as [i, 1, i mod 3].
const tokenEmbeddings = TINY_VOCAB.map((_, i) => [i, 1, i % 3]);
const typeEmbeddings = [
  [0, 0, 0],
  [10, 0, 0],
];
const projection = [
  [1, 0],
  [0, 2],
  [1, -1],
];
const maskBias = [0.5, -0.5];

const id = (token: string): number => TINY_VOCAB.indexOf(token);
const add = (a: number[], b: number[]): number[] => a.map((x, i) => x + b[i]);
const scale = (a: number[], s: number): number[] => a.map((x) => x * s);
const project = (v: number[], m: number[][]): number[] => m[0].map((_, j) => v.reduce((s, x, i) => s + x * m[i][j], 0));

/** The tiny bi-encoder's output for one real (unpadded) token. */
function hiddenState(tokenId: number, typeId: number): number[] {
  return add(project(add(tokenEmbeddings[tokenId], typeEmbeddings[typeId]), projection), maskBias);
}

// "aircraft wings" → [CLS] air ##craft wing ##s [SEP]; "lift" → [CLS] lift [SEP].
const AIRCRAFT_WINGS = ['[CLS]', 'air', '##craft', 'wing', '##s', '[SEP]'].map(id);
const LIFT = ['[CLS]', 'lift', '[SEP]'].map(id);

let root: string;
let models: Record<'mean' | 'cls' | 'normalized' | 'cross1' | 'cross2' | 'ltr' | 'wrongDims', InstalledModel>;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'relwb-encoders-'));
  const tokenizer = { 'tokenizer.json': tinyTokenizerJson() };
  const biEncoder = tinyBiEncoderOnnx({ tokenEmbeddings, typeEmbeddings, projection, maskBias });
  const crossWeights = { tokenEmbeddings, typeEmbeddings };
  await writeModelFolder(path.join(root, 'mean'), tinyBiEncoderManifest(), biEncoder, tokenizer);
  await writeModelFolder(path.join(root, 'cls'), tinyBiEncoderManifest({ pooling: 'cls' }), biEncoder, tokenizer);
  await writeModelFolder(path.join(root, 'normalized'), tinyBiEncoderManifest({ normalize: true }), biEncoder, tokenizer);
  await writeModelFolder(path.join(root, 'wrongDims'), tinyBiEncoderManifest({ dimensions: 3 }), biEncoder, tokenizer);
  await writeModelFolder(
    path.join(root, 'cross1'),
    tinyCrossEncoderManifest(),
    tinyCrossEncoderOnnx({ ...crossWeights, classifier: [[1], [0], [0]] }),
    tokenizer,
  );
  await writeModelFolder(
    path.join(root, 'cross2'),
    tinyCrossEncoderManifest(),
    tinyCrossEncoderOnnx({ ...crossWeights, classifier: [[-1, 0], [0, 1], [0, 0]] }),
    tokenizer,
  );
  await writeModelFolder(
    path.join(root, 'ltr'),
    { kind: 'ltr', name: 'Tiny LTR', features: ['bm25', 'cosine'], inputs: { features: 'features' }, outputs: { score: 'score' } },
    tinyLtrOnnx([2, -1]),
  );
  const folders = { bundledModelsDir: path.join(root, 'none'), userModelsDir: root };
  const entries = await Promise.all(
    (['mean', 'cls', 'normalized', 'cross1', 'cross2', 'ltr', 'wrongDims'] as const).map(
      async (name) => [name, await getModel(name, folders)] as const,
    ),
  );
  models = Object.fromEntries(entries) as typeof models;
});

afterAll(async () => {
  await releaseSessions();
  await rm(root, { recursive: true, force: true });
});

describe('bi-encoder over last_hidden_state', () => {
  it('mean-pools only the real tokens, matching a hand computation', async () => {
    const [long, short] = await encodeTexts(models.mean, ['aircraft wings', 'lift'], { device: 'cpu' });
    const mean = (ids: number[]) => scale(ids.map((t) => hiddenState(t, 0)).reduce(add), 1 / ids.length);
    expect(Array.from(long)).toEqual(mean(AIRCRAFT_WINGS).map((x) => expect.closeTo(x, 5)));
    // "lift" is padded to 6 positions in this batch; the padding must not count.
    expect(Array.from(short)).toEqual(mean(LIFT).map((x) => expect.closeTo(x, 5)));
  });

  it('cls pooling takes the first token', async () => {
    const [vector] = await encodeTexts(models.cls, ['lift'], { device: 'cpu' });
    expect(Array.from(vector)).toEqual(hiddenState(id('[CLS]'), 0).map((x) => expect.closeTo(x, 5)));
  });

  it('normalize gives unit vectors in the same direction', async () => {
    const [raw] = await encodeTexts(models.mean, ['aircraft wings'], { device: 'cpu' });
    const [unit] = await encodeTexts(models.normalized, ['aircraft wings'], { device: 'cpu' });
    const norm = Math.hypot(...raw);
    expect(Array.from(unit)).toEqual(Array.from(raw, (x) => expect.closeTo(x / norm, 5)));
  });

  it('returns vectors in input order whatever the batching', async () => {
    const texts = ['aircraft wings', 'lift', 'the protein folding .', 'wing', 'lift lift lift lift'];
    const together = await encodeTexts(models.mean, texts, { device: 'cpu', batchSize: 2 });
    const alone = await Promise.all(texts.map(async (t) => (await encodeTexts(models.mean, [t], { device: 'cpu' }))[0]));
    together.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(alone[i], (x) => expect.closeTo(x, 5))));
  });

  it('rejects an output width that disagrees with the manifest', async () => {
    await expect(encodeTexts(models.wrongDims, ['lift'], { device: 'cpu' })).rejects.toThrow(
      "model wrongDims: output 'last_hidden_state' has 2 dimensions but the manifest says dimensions 3",
    );
  });

  it('refuses a model of another kind', async () => {
    await expect(encodeTexts(models.cross1, ['lift'])).rejects.toThrow('model cross1 is a cross-encoder, not a bi-encoder');
  });
});

describe('cross-encoder', () => {
  /** Σ over real tokens of (token + type embedding), for [CLS] query [SEP] doc [SEP]. */
  function pairSum(queryIds: number[], docIds: number[]): number[] {
    const tokens = [
      ...[id('[CLS]'), ...queryIds, id('[SEP]')].map((t) => add(tokenEmbeddings[t], typeEmbeddings[0])),
      ...[...docIds, id('[SEP]')].map((t) => add(tokenEmbeddings[t], typeEmbeddings[1])),
    ];
    return tokens.reduce(add);
  }

  it('scores a [batch, 1] logit per document, in input order', async () => {
    const scores = await scorePairs(models.cross1, 'lift', ['aircraft wings', 'protein'], { device: 'cpu' });
    expect(scores).toEqual([
      expect.closeTo(pairSum([id('lift')], [id('air'), id('##craft'), id('wing'), id('##s')])[0], 4),
      expect.closeTo(pairSum([id('lift')], [id('protein')])[0], 4),
    ]);
  });

  it('takes the positive class (column 1) of [batch, 2] logits', async () => {
    const [score] = await scorePairs(models.cross2, 'wing', ['fold'], { device: 'cpu' });
    expect(score).toBeCloseTo(pairSum([id('wing')], [id('fold')])[1], 4);
  });

  it('truncates long pairs to maxLength without failing', async () => {
    const longDoc = 'aircraft wings '.repeat(50);
    const [score] = await scorePairs(models.cross1, 'lift', [longDoc], { device: 'cpu' });
    // 16 tokens: [CLS] lift [SEP] + 12 document tokens + [SEP]
    const docIds = Array.from({ length: 12 }, (_, i) => AIRCRAFT_WINGS[1 + (i % 4)]);
    expect(score).toBeCloseTo(pairSum([id('lift')], docIds)[0], 4);
  });
});

describe('learning-to-rank model', () => {
  it('scores feature rows with the graph', async () => {
    expect(await scoreFeatures(models.ltr, [[1, 2], [3, 0.5]], { device: 'cpu', batchSize: 1 })).toEqual([0, 5.5]);
  });

  it('rejects rows of the wrong width, naming the features', async () => {
    await expect(scoreFeatures(models.ltr, [[1]])).rejects.toThrow('row 0 has 1 features, expected 2 (bm25, cosine)');
  });
});
