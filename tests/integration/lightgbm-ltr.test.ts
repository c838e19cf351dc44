/**
 * Proof with a real consumer: LightGBM (Python package) trains `lambdarank` on the app's LightGBM export of
 * Cranfield (libsvm rows + `.query` group sizes, split by query), its text model is converted by
 * `relwb models import --format lightgbm` to the app's ONNX form, and onnxruntime's scores of the test rows
 * must equal LightGBM's own predictions. Needs a Python with lightgbm: RELWB_LIGHTGBM_PYTHON=/path/to/python
 * (PyPI is not reachable on CI, so CI skips this, loudly).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONNX_INPUT, ONNX_OUTPUT } from '../../core/training/onnx-export';
import { cranfieldNdcg10, cranfieldWithJudgments, exportedRows, trecRunOf } from '../helpers/cranfield-ltr';

const PYTHON = process.env.RELWB_LIGHTGBM_PYTHON ?? null;
if (!PYTHON) console.warn('SKIPPED: RELWB_LIGHTGBM_PYTHON is not set (a python with lightgbm); the LightGBM export and model import are not proven against LightGBM here');

// Trains on train.txt(+.query), early-stops on validation, saves the text model and predicts test.txt.
const TRAIN_SCRIPT = `
import sys, lightgbm as lgb
out = sys.argv[1]
# LightGBM reads libsvm text and picks up each file's .query group sizes beside it.
data = lambda part: f"{out}/{part}.txt"
params = {"objective": "lambdarank", "metric": "ndcg", "ndcg_eval_at": [10], "learning_rate": 0.05, "num_leaves": 15,
          "min_data_in_leaf": 5, "min_sum_hessian_in_leaf": 1e-3, "verbose": -1, "seed": 1, "deterministic": True, "num_threads": 2}
train = lgb.Dataset(data("train"))
valid = lgb.Dataset(data("validation"), reference=train)
booster = lgb.train(params, train, num_boost_round=200, valid_sets=[valid], callbacks=[lgb.early_stopping(20, verbose=False)])
booster.save_model(f"{out}/model.txt", num_iteration=booster.best_iteration)
model = lgb.Booster(model_file=f"{out}/model.txt")
with open(f"{out}/pred.txt", "w") as f:
    for p in model.predict(f"{out}/test.txt"):
        f.write(repr(float(p)) + "\\n")
print(model.num_trees())
`;

describe.skipIf(!PYTHON)('LightGBM reads the export and its model comes back as ONNX', () => {
  let dir: string;
  const dataDir = () => path.join(dir, 'data');

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-lgb-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains lambdarank on the train split; the imported model scores the test rows as LightGBM does', async () => {
    const relwb = await cranfieldWithJudgments(dataDir());
    const out = path.join(dir, 'ltr');
    await relwb('export', 'cran', '--format', 'lightgbm', '--out', out, '--source', 'cranfield', '--variant', 'bm25', '--depth', '100', '--split', '70/15/15', '--seed', '1');
    fs.writeFileSync(path.join(dir, 'train.py'), TRAIN_SCRIPT);
    const trees = Number(execFileSync(PYTHON!, [path.join(dir, 'train.py'), out], { encoding: 'utf8' }).trim());
    expect(trees).toBeGreaterThan(1);

    const predictions = fs.readFileSync(path.join(out, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    const rows = exportedRows(path.join(out, 'test.txt.rows.tsv'));
    expect(predictions).toHaveLength(rows.length);
    expect(new Set(predictions).size).toBeGreaterThan(10);

    await relwb('models', 'import', path.join(out, 'model.txt'), '--format', 'lightgbm', '--name', 'lgb');
    const width = (JSON.parse(fs.readFileSync(path.join(out, 'features.json'), 'utf8')) as { features: unknown[] }).features.length;
    const features = new Float32Array(rows.length * width);
    fs.readFileSync(path.join(out, 'test.txt'), 'utf8').trim().split('\n').forEach((line, row) => {
      for (const cell of line.split(' ').slice(1)) {
        const [id, value] = cell.split(':');
        features[row * width + Number(id) - 1] = Number(value);
      }
    });
    const session = await ort.InferenceSession.create(path.join(dataDir(), 'models', 'lgb', 'model.onnx'));
    const output = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', features, [rows.length, width]) });
    const scores = output[ONNX_OUTPUT]!.data as Float32Array;
    const worst = Math.max(...predictions.map((prediction, row) => Math.abs(prediction - scores[row]!)));
    expect(worst).toBeLessThan(1e-5);

    // The ranking LightGBM learned, beside the BM25 order the rows came in, on the same test queries.
    fs.writeFileSync(path.join(out, 'lightgbm.trec'), trecRunOf(rows, (row) => scores[row]!, 'lightgbm'));
    fs.writeFileSync(path.join(out, 'bm25.trec'), trecRunOf(rows, (row) => -row, 'bm25'));
    const [lightgbm, bm25] = [await cranfieldNdcg10(relwb, path.join(out, 'lightgbm.trec')), await cranfieldNdcg10(relwb, path.join(out, 'bm25.trec'))];
    console.log(`Cranfield test split (seed 1): nDCG@10 LambdaMART (LightGBM lambdarank, ${trees} trees, via ONNX) ${lightgbm.toFixed(4)}, BM25 ${bm25.toFixed(4)}; worst |ONNX − LightGBM| ${worst.toExponential(2)}`);
    expect(bm25).toBeGreaterThan(0.2);
    expect(lightgbm).toBeGreaterThan(bm25 - 0.1);
  }, 600_000);
});
