import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel, scorePairs } from '../../core/models';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../../core/ranking/features';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { tinyCrossEncoderManifest, tinyCrossEncoderOnnx, tinyLtrOnnx, tinyTokenizerJson, TINY_VOCAB, writeModelFolder } from '../helpers/tiny-onnx';
import { AERO_CORPUS as CORPUS, beirDoc as doc, writeBeirFolder } from '../helpers/beir-fixture';
import fsp from 'node:fs/promises';
import os from 'node:os';


const GARDEN = [
  doc('f1', 'Red flower', 'a red flower in bloom'),
  doc('f2', 'Tulips', 'tulips and roses in a flower garden'),
  doc('f3', 'Flower bouquet', 'a bouquet of flowers'),
  ...['truck', 'hammer', 'bicycle', 'laptop', 'guitar', 'rocket', 'helmet', 'ladder', 'anchor', 'engine', 'keyboard', 'camera',
    'wrench', 'tractor', 'battery', 'printer', 'trumpet', 'compass', 'stapler', 'locomotive', 'scooter', 'microphone', 'calculator',
    'screwdriver', 'telescope'].map((thing, i) => doc(`x${i}`, thing, `a ${thing}`)),
];

describe('ranker variants on a real index', () => {
  let root: string;
  let workbench: Workbench;

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-ranking-'));
    const dataDir = path.join(root, 'data');
    const tokenizer = { 'tokenizer.json': tinyTokenizerJson() };
    const tokenEmbeddings = TINY_VOCAB.map((_, i) => [i, 1, i % 3]);
    const typeEmbeddings = [
      [0, 0, 0],
      [10, 0, 0],
    ];
    // User models are found by dropping a folder into <data dir>/models: no code change.
    await writeModelFolder(
      path.join(dataDir, 'models', 'tiny-cross'),
      tinyCrossEncoderManifest(),
      tinyCrossEncoderOnnx({ tokenEmbeddings, typeEmbeddings, classifier: [[1], [0], [0]] }),
      tokenizer,
    );
    const titleOnly = FEATURE_NAMES.map((name) => (name === 'bm25_title' ? 1 : 0));
    await writeModelFolder(
      path.join(dataDir, 'models', 'title-ltr'),
      { kind: 'ltr', name: 'Title BM25 only', features: [...FEATURE_NAMES], inputs: { features: 'features' }, outputs: { score: 'score' } },
      tinyLtrOnnx(titleOnly),
    );
    await writeModelFolder(
      path.join(dataDir, 'models', 'other-ltr'),
      { kind: 'ltr', name: 'Other features', features: ['a', 'b'], inputs: { features: 'features' }, outputs: { score: 'score' } },
      tinyLtrOnnx([1, 1]),
    );
    workbench = await openWorkbench({ dataDir, device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: CORPUS, qrels: null }), name: 'aero' }).finished;
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir2'), { corpus: CORPUS, qrels: null }), name: 'lexical', denseModels: [] }).finished;
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir3'), { corpus: GARDEN, qrels: null }), name: 'garden' }).finished;
  });

  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const rank = (variant: string, text = 'aircraft wing lift', k = 10) => workbench.search.rank({ dataset: 'aero', text, k, variant, features: true });

  describe('similarity drop-off', () => {
    const garden = (variant: string) => workbench.search.search({ dataset: 'garden', text: 'flower', k: GARDEN.length, variant });
    const flowerIds = new Set(['f1', 'f2', 'f3']);

    it('dense search draws the divider after the flowers, with only background similarity below it', async () => {
      const { results, similarityDropOff } = await garden('dense-glove');
      expect(results.length).toBeGreaterThan(GARDEN.length - 3);
      expect(similarityDropOff).not.toBeNull();
      const above = results.filter((result) => result.rank < similarityDropOff!.rank);
      const below = results.filter((result) => result.rank >= similarityDropOff!.rank);
      for (const id of flowerIds) expect(above.map((result) => result.id)).toContain(id);
      expect(below.length).toBeGreaterThan(GARDEN.length / 2);
      expect(similarityDropOff!.lexicalLeg).toBe(false);
      const threshold = similarityDropOff!.thresholds['dense:glove-100d']!;
      for (const result of below) {
        expect(flowerIds.has(result.id)).toBe(false);
        expect(result.explanation!.retrievers['dense:glove-100d']!.score).toBeLessThan(threshold);
      }
    });

    it('hybrid search keeps every keyword match above the divider', async () => {
      const { results, similarityDropOff } = await garden('hybrid-rrf');
      expect(similarityDropOff?.lexicalLeg).toBe(true);
      const lexical = results.filter((result) => result.explanation!.retrievers.bm25 !== null);
      expect(lexical.length).toBeGreaterThan(0);
      for (const result of lexical) expect(result.rank).toBeLessThan(similarityDropOff!.rank);
    });

    it('lexical search has no drop-off', async () => {
      expect((await garden('bm25')).similarityDropOff).toBeNull();
    });
  });

  it('ships the four built-in variants', () => {
    expect(workbench.variants.list().map((variant) => variant.name)).toEqual(['bm25', 'dense-glove', 'hybrid-rrf', 'hybrid-weighted']);
  });

  it('dense retrieval with GloVe finds documents that share no word with the query', async () => {
    const { ranked } = await rank('dense-glove', 'airplane');
    expect(ranked.slice(0, 3).map((result) => result.doc.id)).toContain('a3');
    expect((await rank('bm25', 'airplane')).ranked).toEqual([]);
  });

  it('explains hybrid RRF results stage by stage, and the fused score is the RRF sum', async () => {
    const { ranked } = await rank('hybrid-rrf');
    expect(ranked[0].doc.id).toBe('a1');
    for (const result of ranked) {
      const { retrievers, fusion } = result.explanation;
      expect(Object.keys(retrievers)).toEqual(['bm25', 'dense:glove-100d']);
      const expected = Object.values(retrievers).reduce((sum, stage) => sum + (stage ? 1 / (60 + stage.rank) : 0), 0);
      expect(fusion).toMatchObject({ kind: 'rrf', rank: result.rank });
      expect(result.score).toBeCloseTo(expected, 12);
      expect(result.explanation.features?.names).toEqual(FEATURE_NAMES);
    }
  });

  it('weighted fusion reports each retriever normalized score', async () => {
    const { ranked } = await rank('hybrid-weighted');
    const top = ranked[0].explanation.retrievers;
    expect(top.bm25?.normalized).toBe(1);
    expect(ranked[0].score).toBeCloseTo(0.5 * (top.bm25?.normalized ?? 0) + 0.5 * (top['dense:glove-100d']?.normalized ?? 0), 12);
  });

  it('applies filters inside retrieval', async () => {
    workbench.variants.save({ name: 'only-ids', retrievers: [{ kind: 'bm25' }], filters: [{ kind: 'field', field: 'id', equals: 'a2' }] });
    const { ranked } = await rank('only-ids');
    expect(ranked.map((result) => result.doc.id)).toEqual(['a2']);
  });

  it('reranks the top N with a dropped-in cross-encoder, in the order of its logits', async () => {
    workbench.variants.save({ name: 'bm25-ce', retrievers: [{ kind: 'bm25' }], rerank: { kind: 'cross-encoder', model: 'tiny-cross', topN: 3 } });
    const { ranked } = await rank('bm25-ce', 'aircraft wing lift protein');
    const head = ranked.slice(0, 3);
    const model = await getModel('tiny-cross', { userModelsDir: path.join(workbench.ctx.config.dataDir, 'models') });
    const logits = await scorePairs(model, 'aircraft wing lift protein', head.map((result) => [result.doc.title, result.doc.text].join('\n')));
    expect(head.map((result) => result.score)).toEqual(logits.map((logit) => expect.closeTo(logit, 4)));
    expect(head.map((result) => result.score)).toEqual([...head.map((result) => result.score)].sort((a, b) => b - a));
    expect(head.every((result) => result.explanation.rerank?.model === 'tiny-cross')).toBe(true);
    expect(ranked.slice(3).every((result) => result.explanation.rerank === null)).toBe(true);
  });

  it('reranks with a learning-to-rank model over the versioned feature vector', async () => {
    workbench.variants.save({
      name: 'bm25-ltr',
      retrievers: [{ kind: 'bm25' }],
      rerank: { kind: 'ltr', model: 'title-ltr', topN: 10, featureSet: 'relwb-features-v3' },
    });
    const { ranked } = await rank('bm25-ltr', 'folding');
    const titleScores = ranked.map((result) => result.explanation.features!.values[FEATURE_NAMES.indexOf('bm25_title')]);
    expect(ranked.map((result) => result.score)).toEqual(titleScores.map((score) => expect.closeTo(score, 4)));
    expect(titleScores).toEqual([...titleScores].sort((a, b) => b - a));
  });

  it('gives feature rows for training: each query\'s top k in rank order, with the features the search explains', async () => {
    const queries = [
      { queryId: 'q-wing', text: 'aircraft wing' },
      { queryId: 'q-protein', text: 'protein folding' },
    ];
    const { rows, featureNames, featureVersion } = await workbench.search.featureRows({ dataset: 'aero', variant: 'bm25', queries, depth: 3 });
    expect(featureNames).toEqual(FEATURE_NAMES);
    expect(featureVersion).toBe(FEATURE_SET_VERSION);
    expect([...new Set(rows.map((row) => row.queryId))]).toEqual(['q-wing', 'q-protein']);
    for (const query of queries) {
      const { ranked } = await workbench.search.rank({ dataset: 'aero', variant: 'bm25', text: query.text, k: 3, features: true });
      const mine = rows.filter((row) => row.queryId === query.queryId);
      expect(mine.map((row) => [row.docId, row.rank])).toEqual(ranked.map((result) => [result.doc.id, result.rank]));
      expect(mine.map((row) => row.features)).toEqual(ranked.map((result) => result.explanation.features!.values));
      expect(mine.every((row) => row.features.length === FEATURE_NAMES.length)).toBe(true);
    }
  });

  it('refuses an LTR model trained on other features, an unknown model and an empty query', async () => {
    workbench.variants.save({
      name: 'bad-ltr',
      retrievers: [{ kind: 'bm25' }],
      rerank: { kind: 'ltr', model: 'other-ltr', topN: 5, featureSet: 'relwb-features-v3' },
    });
    await expect(rank('bad-ltr')).rejects.toThrow(/expects features \[a, b\]/);
    workbench.variants.save({ name: 'ghost-ce', retrievers: [{ kind: 'bm25' }], rerank: { kind: 'cross-encoder', model: 'ghost', topN: 5 } });
    await expect(rank('ghost-ce')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rank('bm25', '   ')).rejects.toThrow('query text must not be empty');
  });

  it('tells which import option a dense variant needs on a dataset without vectors', async () => {
    await expect(workbench.search.rank({ dataset: 'lexical', text: 'wing', k: 5, variant: 'dense-glove' })).rejects.toThrow(
      'dataset "lexical" has no vectors for model "glove-100d" (it has: none); re-import it with `--dense-model glove-100d`',
    );
    expect((await workbench.search.rank({ dataset: 'lexical', text: 'wing', k: 5, variant: 'bm25' })).ranked.length).toBeGreaterThan(0);
  });

  it('keeps built-ins read-only and validates saved variants', () => {
    expect(() => workbench.variants.save({ name: 'bm25', retrievers: [{ kind: 'bm25' }] })).toThrow(/built-in/);
    expect(() => workbench.variants.save({ name: 'x', retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }] })).toThrow(
      'fusion: required when there are 2 or more retrievers',
    );
    expect(() => workbench.variants.remove('hybrid-rrf')).toThrow(/cannot be deleted/);
  });
});
