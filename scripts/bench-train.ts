/**
 * `npm run bench:train [-- --data-dir DIR --trees 100 --repeat 3]`: the in-app LambdaMART against
 * XGBoost's `rank:ndcg` (the Debian `xgboost` CLI) on the same Cranfield rows (bm25's top 100 of every judged
 * query, current feature set) and the same 5 query folds, and the in-app training time on all 22,500 rows.
 * Both get the same budget (trees, learning rate 0.1, depth 6, a small minimum hessian, no early stopping);
 * nDCG@10 and MAP come from the evaluation engine over each test fold's judgments. Rows are written as
 * LETOR/SVMlight text (`label qid:Q 1:x …`, 1-based ids) by a small writer here. Last, the query latency an
 * `ltr` rerank of the top 100 adds to bm25 (a saved model, interleaved queries).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateRun, qrelsFromRows, resolveMeasures, runFromRows } from '../core/eval';
import { FEATURE_SET_VERSION } from '../core/ranking/features';
import { assignFolds } from '../core/training/folds';
import { trainLambdaMart } from '../core/training/lambdamart';
import { selectQueries, type RankingData } from '../core/training/ranking-data';
import { scoreRows } from '../core/training/ranking-model';
import { cliCaller } from '../core/runtime/caller';
import { openWorkbench } from '../core/workbench';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    trees: { type: 'string', default: '100' },
    repeat: { type: 'string', default: '3' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
  },
});
const TREES = Number(values.trees);
const REPEAT = Number(values.repeat);
const FOLDS = Number(values.folds);
const SEED = Number(values.seed);
const XGBOOST = '/usr/bin/xgboost';
const CRANFIELD = path.resolve(__dirname, '../../shared/datasets/cranfield');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-train-'));
const dataDir = values['data-dir'] ?? path.join(scratch, 'data');

const PARAMS = { trees: TREES, learningRate: 0.1, maxDepth: 6, maxLeaves: 64, minDocsPerLeaf: 1, minHessianPerLeaf: 1e-3, l2Regularization: 1e-3, earlyStoppingRounds: 1_000_000 };
const XGBOOST_PARAMS = ['booster=gbtree', 'objective=rank:ndcg', 'eta=0.1', 'max_depth=6', 'min_child_weight=0.001', 'lambda=0.001', `num_round=${TREES}`, 'nthread=2', 'tree_method=hist', 'max_bin=255', 'seed=0'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function writeLetor(file: string, data: RankingData): void {
  const lines: string[] = [];
  for (let q = 0; q < data.queryIds.length; q++) {
    for (let r = data.queryStarts[q]!; r < data.queryStarts[q + 1]!; r++) {
      const features = Array.from(data.features.subarray(r * data.featureCount, (r + 1) * data.featureCount), (x, f) => `${f + 1}:${x}`);
      lines.push(`${data.labels[r]} qid:${q} ${features.join(' ')}`);
    }
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function main() {
  const workbench = await openWorkbench({ dataDir, device: 'cpu' });
  try {
    if (!workbench.datasets.list().some((d) => d.name === 'cranfield')) {
      await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cranfield', denseModels: [] }).finished;
    }
    const { data, docIds, labelRows, judgments } = await workbench.training.trainingRows({ dataset: 'cranfield', base: 'bm25', depth: 100 });
    console.log(`cranfield: ${data.queryIds.length} queries, ${data.labels.length} rows, ${data.featureCount} features (${FEATURE_SET_VERSION}), ${judgments}`);

    const timings: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const started = performance.now();
      trainLambdaMart(data, PARAMS);
      timings.push(performance.now() - started);
    }
    console.log(`in-app LambdaMART, ${TREES} trees on all ${data.labels.length} rows: median ${(median(timings) / 1000).toFixed(2)} s of ${REPEAT} (${timings.map((t) => (t / 1000).toFixed(2)).join(', ')})`);

    const hasXgboost = fs.existsSync(XGBOOST);
    if (!hasXgboost) console.warn(`${XGBOOST} not found: comparing the in-app trainer only`);
    const folds = assignFolds(data.queryIds.length, FOLDS, SEED);
    const runs: Record<'base' | 'inApp' | 'xgboost', { queryId: string; docId: string; score: number }[]> = { base: [], inApp: [], xgboost: [] };
    let xgboostMs = 0;
    for (let fold = 0; fold < FOLDS; fold++) {
      const trainQueries = [...folds.keys()].filter((q) => folds[q] !== fold);
      const testQueries = [...folds.keys()].filter((q) => folds[q] === fold);
      const train = selectQueries(data, trainQueries);
      const test = selectQueries(data, testQueries);
      const inApp = scoreRows(trainLambdaMart(train, PARAMS).model, test.features, test.featureCount);
      let xgboost: number[] | null = null;
      if (hasXgboost) {
        const trainFile = path.join(scratch, `train-${fold}.txt`);
        const testFile = path.join(scratch, `test-${fold}.txt`);
        writeLetor(trainFile, train);
        writeLetor(testFile, test);
        const model = path.join(scratch, `xgb-${fold}.json`);
        const started = performance.now();
        execFileSync(XGBOOST, ['/dev/null', ...XGBOOST_PARAMS, `data=${trainFile}?format=libsvm`, `model_out=${model}`], { stdio: 'pipe' });
        xgboostMs += performance.now() - started;
        const predictions = path.join(scratch, `pred-${fold}.txt`);
        execFileSync(XGBOOST, ['/dev/null', 'task=pred', `model_in=${model}`, `test:data=${testFile}?format=libsvm`, `name_pred=${predictions}`], { stdio: 'pipe' });
        xgboost = fs.readFileSync(predictions, 'utf8').trim().split('\n').map(Number);
      }
      testQueries.forEach((q, i) => {
        const start = test.queryStarts[i]!;
        const queryId = data.queryIds[q]!;
        const ids = docIds.slice(data.queryStarts[q]!, data.queryStarts[q + 1]!);
        const push = (target: typeof runs.base, scores: ArrayLike<number>) => {
          const order = ids.map((_, k) => k).sort((a, b) => scores[start + b]! - scores[start + a]! || a - b);
          order.forEach((k, position) => target.push({ queryId, docId: ids[k]!, score: ids.length - position }));
        };
        push(runs.base, Float64Array.from({ length: test.labels.length }, (_, r) => -r));
        push(runs.inApp, inApp);
        if (xgboost) push(runs.xgboost, xgboost);
      });
    }
    const trained = new Set(data.queryIds);
    const qrels = qrelsFromRows(labelRows.filter((row) => trained.has(row.queryId)), judgments);
    const options = { measures: resolveMeasures(['ndcg_cut.10', 'map']), averageOverAllJudgedQueries: true };
    const summary = (name: string, rows: typeof runs.base) => {
      const { columns } = evaluateRun(qrels, runFromRows(rows, name), options);
      const mean = (column: string) => (columns.find((c) => c.name === column)!.summary as number).toFixed(4);
      return `${name.padEnd(24)} nDCG@10 ${mean('ndcg_cut_10')}  MAP ${mean('map')}`;
    };
    console.log(`${FOLDS}-fold CV by query (seed ${SEED}), reranking bm25's top 100, ${TREES} trees each:`);
    console.log(summary('bm25 (base)', runs.base));
    console.log(summary('in-app LambdaMART', runs.inApp));
    if (hasXgboost) {
      console.log(summary('xgboost rank:ndcg', runs.xgboost));
      console.log(`xgboost CLI training, all ${FOLDS} folds: ${(xgboostMs / 1000).toFixed(2)} s (nthread=2, process start included)`);
    }

    // Latency an ltr rerank of the top 100 adds: bm25 vs bm25 + the saved model, interleaved per query.
    const saved = await workbench.training.start({ dataset: 'cranfield', base: 'bm25', depth: 100, folds: 2, seed: SEED, params: { trees: TREES }, save: `bench-ltr-${Date.now()}` }, cliCaller()).finished;
    const variant = saved.saved!.variant;
    const queries = workbench.datasets.queries('cranfield');
    const latency: Record<'bm25' | 'ltr', number[]> = { bm25: [], ltr: [] };
    for (const round of [0, 1]) {
      for (const query of queries) {
        for (const [key, name] of [['bm25', 'bm25'], ['ltr', variant]] as const) {
          const started = performance.now();
          await workbench.search.rank({ dataset: 'cranfield', text: query.text, k: 100, variant: name });
          if (round === 1) latency[key].push(performance.now() - started);
        }
      }
    }
    console.log(
      `query latency, top 100 on cranfield (${queries.length} queries, second round): bm25 p50 ${median(latency.bm25).toFixed(2)} ms, ` +
        `bm25 + ltr rerank (${saved.finalTrees} trees) p50 ${median(latency.ltr).toFixed(2)} ms, added ${(median(latency.ltr) - median(latency.bm25)).toFixed(2)} ms`,
    );
    workbench.variants.remove(variant);
    fs.rmSync(saved.saved!.dir, { recursive: true, force: true });
  } finally {
    await workbench.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
