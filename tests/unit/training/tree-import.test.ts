import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreRows } from '../../../core/training/ranking-model';
import { float32AtOrBelow, importLightgbmText, importXgboostJson } from '../../../core/training/tree-import';
import { syntheticRows } from '../../helpers/synthetic-ranking';
import { useTempDirs } from '../../helpers/temp-dir';

const XGBOOST = '/usr/bin/xgboost';
const hasXgboost = existsSync(XGBOOST);
if (!hasXgboost) console.warn(`SKIPPING the XGBoost conversion tests: ${XGBOOST} is not installed (apt-get install xgboost)`);

describe('XGBoost import', () => {
  const tempDir = useTempDirs();
  const width = 4;

  it.skipIf(!hasXgboost)('converts a model trained by the xgboost CLI, saved as JSON and dumped as JSON, to its own predictions', () => {
    const dir = tempDir();
    const rows = syntheticRows(25, 20, width, 5);
    // 1-based feature ids, as LETOR files number them.
    const lines = rows.map((row) => `${row.label} qid:${row.queryId.slice(1)} ${Array.from(row.features, (x, f) => `${f + 1}:${x}`).join(' ')}`);
    const data = path.join(dir, 'train.txt');
    writeFileSync(data, `${lines.join('\n')}\n`);
    const config = path.join(dir, 'train.conf');
    writeFileSync(config, ['booster = gbtree', 'objective = rank:ndcg', 'eta = 0.3', 'max_depth = 4', 'num_round = 12', `data = "${data}?format=libsvm"`].join('\n'));
    const run = (...args: string[]) => execFileSync(XGBOOST, [config, ...args], { cwd: dir, stdio: 'pipe' });
    run(`model_out=${path.join(dir, 'model.json')}`);
    run('task=pred', `model_in=${path.join(dir, 'model.json')}`, `test:data=${data}?format=libsvm`, `name_pred=${path.join(dir, 'pred.txt')}`);
    run('task=dump', `model_in=${path.join(dir, 'model.json')}`, 'dump_format=json', `name_dump=${path.join(dir, 'dump.json')}`);
    const predictions = readFileSync(path.join(dir, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    const features = Float32Array.from(rows.flatMap((row) => Array.from(row.features)));
    for (const file of ['model.json', 'dump.json']) {
      const model = importXgboostJson(readFileSync(path.join(dir, file), 'utf8'), { featureCount: width, file });
      expect(model.trees).toHaveLength(12);
      const scores = scoreRows(model, features, width);
      const worst = Math.max(...predictions.map((p, r) => Math.abs(p - scores[r]!)));
      expect(worst, file).toBeLessThan(1e-5);
    }
  });

  it('reads a hand-written dump with x < t semantics and names a feature outside the set', () => {
    const dump = JSON.stringify([{ nodeid: 0, split: 'f2', split_condition: 1.5, yes: 1, no: 2, missing: 2, children: [{ nodeid: 1, leaf: 0.25 }, { nodeid: 2, leaf: -0.5 }] }]);
    const model = importXgboostJson(dump, { featureCount: 3, indexBase: 1, baseScore: 0 });
    // Feature id 2 with index base 1 is our column 1; x = 1.5 is not < 1.5, so it goes "no".
    expect([...scoreRows(model, [0, 1.5, 0, 0, 1.4999, 0], 3)]).toEqual([-0.5, 0.25]);
    expect(() => importXgboostJson(dump, { featureCount: 1, indexBase: 1 })).toThrow(/feature f2/);
  });
});

describe('LightGBM import', () => {
  // Two trees: a split tree with a leaf reached as ~0/~1/~2, and a single-leaf tree (a constant).
  const MODEL = `tree
version=v3
num_class=1
num_tree_per_iteration=1
label_index=0
max_feature_idx=2
objective=lambdarank
feature_names=Column_0 Column_1 Column_2

Tree=0
num_leaves=3
num_cat=0
split_feature=1 3
split_gain=10 4
threshold=0.30000000000000004 2.5
decision_type=2 0
left_child=-1 -2
right_child=1 -3
leaf_value=0.5 -0.125 0.75
leaf_count=10 5 5
internal_value=0 0.1
internal_count=20 10
is_linear=0
shrinkage=0.1


Tree=1
num_leaves=1
num_cat=0
split_feature=
split_gain=
threshold=
decision_type=
left_child=
right_child=
leaf_value=0.0625
leaf_count=20
internal_value=
internal_count=
is_linear=0
shrinkage=1


end of trees

feature_importances:
Column_1=1
`;

  it('follows left_child/right_child with ~leaf indexes and x <= t', () => {
    const model = importLightgbmText(MODEL, { featureCount: 3, indexBase: 1 });
    expect(model.trees).toHaveLength(2);
    const rows = [
      [0.3, 0, 0], // see below
      [0.2, 0, 9], // 0.2 <= t → leaf 0: 0.5
      [0.9, 0, 2.5], // right, then id 3 = 2.5 <= 2.5 → leaf 1: −0.125
      [0.9, 0, 2.6], // right, right → leaf 2: 0.75
    ];
    const scores = [...scoreRows(model, rows.flat(), 3)];
    // float32(0.3) = 0.30000001192…, above LightGBM's 0.30000000000000004, so it goes right (then 0 <= 2.5).
    expect(scores).toEqual([-0.125 + 0.0625, 0.5 + 0.0625, -0.125 + 0.0625, 0.75 + 0.0625]);
  });

  it('rounds a float64 threshold down to a float32 that decides every float32 alike', () => {
    const t = 0.30000000000000004;
    const t32 = float32AtOrBelow(t);
    expect(Math.fround(t32)).toBe(t32);
    expect(t32).toBeLessThanOrEqual(t);
    expect(Math.fround(0.3) <= t32).toBe(Math.fround(0.3) <= t);
    expect(float32AtOrBelow(2.5)).toBe(2.5);
    expect(float32AtOrBelow(-0.1)).toBeLessThanOrEqual(-0.1);
  });

  it('refuses a file that is not a LightGBM model', () => {
    expect(() => importLightgbmText('hello', { featureCount: 3, file: 'x.txt' })).toThrow(/x.txt: no "Tree=" sections/);
  });
});
