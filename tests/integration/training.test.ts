import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller } from '../../core/runtime/caller';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../../core/ranking/features';
import type { TrainingReport } from '../../core/training/training-report';
import { openWorkbench, type Workbench } from '../../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const DEPTH = 20;

describe('training service', () => {
  let workbench: Workbench;
  let dir: string;
  let report: TrainingReport;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-training-'));
    workbench = await openWorkbench({ dataDir: dir, device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran', denseModels: [] }).finished;
    report = await workbench.training.start({ dataset: 'cran', base: 'bm25', depth: DEPTH, folds: 3, seed: 5, params: { trees: 15, learningRate: 0.2, minDocsPerLeaf: 10 }, save: 'cran-lambdamart' }, cliCaller()).finished;
  }, 300_000);
  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cross-validates by query and reports base numbers equal to a stored run of the base variant', async () => {
    expect(report).toMatchObject({ dataset: 'cran', base: 'bm25', depth: DEPTH, folds: 3, queries: 225, featureSet: FEATURE_SET_VERSION, features: [...FEATURE_NAMES] });
    expect(report.rows).toBe(225 * DEPTH);
    expect(report.perFold.map((fold) => fold.queries).reduce((a, b) => a + b, 0)).toBe(225);
    // Every query of the CV run is ranked over exactly its base candidates.
    expect(new Set(report.cvRun.map((row) => row.queryId)).size).toBe(225);
    expect(report.cvRun).toHaveLength(225 * DEPTH);

    const run = await workbench.runs.startRun({ dataset: 'cran', variant: 'bm25', queries: { kind: 'judged' }, k: DEPTH }, cliCaller()).finished;
    const other = await workbench.runs.startRun({ dataset: 'cran', variant: 'bm25', queries: { kind: 'judged' }, k: 1 }, cliCaller()).finished;
    const compared = workbench.runs.compare({ dataset: 'cran', runs: [run.id, other.id], measures: ['ndcg_cut.10', 'map'] });
    for (const measure of report.measures) {
      const same = compared.measures.find((m) => m.measure === measure.measure)!;
      expect(measure.base).toBeCloseTo(same.means[0]!, 12);
    }
    const ndcg = report.measures.find((m) => m.measure === 'ndcg_cut_10')!;
    expect(ndcg.learned).toBeCloseTo(report.perQuery.reduce((sum, q) => sum + q.learned, 0) / report.perQuery.length, 12);
    expect(ndcg.confidenceInterval[0]).toBeLessThanOrEqual(ndcg.delta);
    expect(ndcg.minimumDetectableEffect).toBeGreaterThan(0);
    // Importance is a share of the final model's split gain; a model early stopping cut to no trees has none.
    expect(report.featureImportance.reduce((sum, f) => sum + f.importance, 0)).toBeCloseTo(report.finalTrees ? 1 : 0, 9);
  }, 300_000);

  it('warns exactly when the learned model does not beat its base with p < 0.05, and says so in the saved variant', () => {
    const ndcg = report.measures.find((m) => m.measure === 'ndcg_cut_10')!;
    expect(report.betterThanBase).toBe(ndcg.delta > 0 && ndcg.tTestPValue < 0.05);
    expect(report.warning === null).toBe(report.betterThanBase);
    const variant = workbench.variants.list().find((v) => v.name === 'cran-lambdamart')!;
    expect(variant.description.includes('WARNING')).toBe(!report.betterThanBase);
    if (!report.betterThanBase) expect(report.warning).toMatch(/^Not better than bm25: nDCG@10/);
  });

  it('saves an ltr model folder and a variant that reranks the base top K through onnxruntime', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'models', 'cran-lambdamart', 'model.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'ltr', featureSet: FEATURE_SET_VERSION, features: [...FEATURE_NAMES] });
    expect(workbench.variants.get('cran-lambdamart')).toMatchObject({ retrievers: [{ kind: 'bm25' }], rerank: { kind: 'ltr', model: 'cran-lambdamart', topN: DEPTH, featureSet: FEATURE_SET_VERSION } });

    const text = 'what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft';
    const base = await workbench.search.rank({ dataset: 'cran', text, k: DEPTH, variant: 'bm25' });
    const learned = await workbench.search.rank({ dataset: 'cran', text, k: DEPTH, variant: 'cran-lambdamart' });
    expect(new Set(learned.ranked.map((r) => r.doc.id))).toEqual(new Set(base.ranked.map((r) => r.doc.id)));
    const rerankScores = learned.ranked.map((r) => r.explanation.rerank?.score);
    expect(rerankScores.every((score) => typeof score === 'number')).toBe(true);
    expect(rerankScores).toEqual([...rerankScores].sort((a, b) => (b as number) - (a as number)));
    await expect(workbench.training.start({ dataset: 'cran', base: 'bm25', save: 'cran-lambdamart' }, cliCaller()).finished).rejects.toThrow(/already exists/);
  }, 120_000);

  it('imports a LightGBM text model as an ltr model and variant', async () => {
    const file = path.join(dir, 'model.txt');
    const text = 'heat transfer boundary layer';
    const column = FEATURE_NAMES.indexOf('bm25_text');
    const before = await workbench.search.rank({ dataset: 'cran', text, k: DEPTH, variant: 'bm25', features: true });
    const values = before.ranked.map((r) => r.explanation.features!.values[column]!).sort((a, b) => a - b);
    const threshold = values[DEPTH / 2]!;
    // One split on bm25_text (LETOR's 1-based column id): documents above the median first.
    fs.writeFileSync(file, `tree\nversion=v3\nnum_class=1\n\nTree=0\nnum_leaves=2\nnum_cat=0\nsplit_feature=${column + 1}\nthreshold=${threshold}\ndecision_type=2\nleft_child=-1\nright_child=-2\nleaf_value=0 1\nis_linear=0\n\n\nend of trees\n`);
    const imported = await workbench.training.importModel({ format: 'lightgbm', path: file, name: 'lgbm-text', base: 'bm25', depth: DEPTH });
    expect(imported).toMatchObject({ model: 'lgbm-text', variant: 'lgbm-text', trees: 1 });
    const { ranked } = await workbench.search.rank({ dataset: 'cran', text, k: DEPTH, variant: 'lgbm-text' });
    const expected = ranked.map((r) => (r.explanation.features!.values[column]! <= threshold ? 0 : 1));
    expect(expected.filter((score) => score === 1).length).toBe(DEPTH / 2 - 1);
    expect(ranked.map((r) => r.explanation.rerank?.score)).toEqual([...expected].sort((a, b) => b - a));
    expect(ranked.map((r) => r.explanation.rerank?.score)).toEqual(expected);
  }, 120_000);
});
