/**
 * `npm run bench:ltr`: does learning to rank pay on Cranfield with the current feature set?
 *
 * For every judged query, the top 100 of a first-stage variant (hybrid-rrf, then bm25) with their
 * features (`search.featureRows`) and qrels labels; LambdaMART by the XGBoost CLI (`rank:ndcg`), 5-fold
 * cross-validation by query (seeded split); the held-out folds' predictions rerank each query's top 100
 * into one CV run. nDCG@10 of each run, by relwb's evaluator over all judged queries, against the bm25
 * variant's top 100, with paired tests (compareEvaluations). relwb-features-v2's columns are the first
 * ten of v3 (same definitions), so one feature computation measures both. Asserts nothing.
 *
 * Options: XGBOOST=/path/to/xgboost (default /usr/bin/xgboost), VARIANTS (default hybrid-rrf,bm25), ROUNDS,
 * ETA, DEPTH, MIN_CHILD_WEIGHT.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareEvaluations, evaluateRun, parseQrels, parseRun, resolveMeasures, type Evaluation } from '../core/eval';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../core/ranking/features';
import { formatTrecRun, type RunQueryResults } from '../core/ranking/trec-run';
import type { FeatureRow } from '../core/search/service';
import { openWorkbench } from '../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../shared/datasets/cranfield');
const QRELS = path.join(CRANFIELD, 'qrels', 'test.tsv');
const DEPTH = 100;
const FOLDS = 5;
const SEED = 20261203;
const XGBOOST = process.env.XGBOOST ?? '/usr/bin/xgboost';
const V2_FEATURES = ['bm25_title', 'bm25_text', 'bm25_tags', 'dense_cosine', 'query_coverage', 'exact_title_match', 'doc_length', 'popularity', 'freshness', 'board_match'];
const XGBOOST_PARAMS = {
  booster: 'gbtree',
  objective: 'rank:ndcg',
  eta: Number(process.env.ETA ?? 0.1),
  max_depth: Number(process.env.DEPTH ?? 6),
  min_child_weight: Number(process.env.MIN_CHILD_WEIGHT ?? 0.1),
  num_round: Number(process.env.ROUNDS ?? 200),
  eval_metric: 'ndcg@10',
  seed: 1,
  nthread: 2,
};

/** mulberry32: a small seeded generator, so the fold split is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function foldsOf(queryIds: readonly string[]): string[][] {
  const shuffled = [...queryIds];
  const random = seededRandom(SEED);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return Array.from({ length: FOLDS }, (_, fold) => shuffled.filter((_, i) => i % FOLDS === fold));
}

/** libsvm lines (label, then 1-based feature indexes) and the `.group` file XGBoost reads beside them. */
function writeLibsvm(file: string, byQuery: Map<string, FeatureRow[]>, queryIds: readonly string[], columns: readonly number[], label: (row: FeatureRow) => number): void {
  const lines: string[] = [];
  const groups: number[] = [];
  for (const queryId of queryIds) {
    const rows = byQuery.get(queryId) ?? [];
    if (rows.length === 0) continue;
    groups.push(rows.length);
    for (const row of rows) lines.push(`${label(row)} ${columns.map((column, i) => `${i + 1}:${row.features[column]}`).join(' ')}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  fs.writeFileSync(`${file}.group`, `${groups.join('\n')}\n`);
}

function xgboost(dir: string, args: Record<string, string | number>): void {
  const config = Object.entries({ ...XGBOOST_PARAMS, ...args }).map(([key, value]) => `${key} = ${value}`).join('\n');
  fs.writeFileSync(path.join(dir, 'run.conf'), `${config}\n`);
  execFileSync(XGBOOST, ['run.conf'], { cwd: dir, stdio: 'pipe' });
}

/** Each query's top 100 reranked by LambdaMART trained on the other folds. */
function crossValidatedRun(root: string, byQuery: Map<string, FeatureRow[]>, folds: string[][], columns: readonly number[], label: (row: FeatureRow) => number): RunQueryResults[] {
  const runs: RunQueryResults[] = [];
  folds.forEach((test, fold) => {
    const dir = fs.mkdtempSync(path.join(root, `fold${fold}-`));
    const train = folds.filter((_, other) => other !== fold).flat();
    writeLibsvm(path.join(dir, 'train.txt'), byQuery, train, columns, label);
    writeLibsvm(path.join(dir, 'test.txt'), byQuery, test, columns, label);
    xgboost(dir, { task: 'train', data: 'train.txt', model_out: 'model.bin' });
    xgboost(dir, { task: 'pred', 'test:data': 'test.txt', model_in: 'model.bin', name_pred: 'pred.txt' });
    const predictions = fs.readFileSync(path.join(dir, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    let next = 0;
    for (const queryId of test) {
      const rows = byQuery.get(queryId) ?? [];
      const scored = rows.map((row) => ({ id: row.docId, score: predictions[next++]!, rank: row.rank }));
      // Ties keep the first-stage order.
      scored.sort((a, b) => b.score - a.score || a.rank - b.rank);
      runs.push({ queryId, results: scored.map(({ id }, i) => ({ id, score: scored.length - i })) });
    }
    if (next !== predictions.length) throw new Error(`fold ${fold}: ${predictions.length} predictions for ${next} rows`);
  });
  return runs;
}

function firstStageRun(byQuery: Map<string, FeatureRow[]>): RunQueryResults[] {
  return [...byQuery].map(([queryId, rows]) => ({ queryId, results: rows.map((row) => ({ id: row.docId, score: row.score })) }));
}

function evaluate(runId: string, runs: RunQueryResults[]): Evaluation {
  const run = parseRun(Buffer.from(formatTrecRun(runs, runId)), runId);
  const qrels = parseQrels(fs.readFileSync(QRELS), QRELS);
  return evaluateRun(qrels, run, { measures: resolveMeasures(['ndcg_cut.10']), averageOverAllJudgedQueries: true });
}

function groupByQuery(rows: readonly FeatureRow[]): Map<string, FeatureRow[]> {
  const byQuery = new Map<string, FeatureRow[]>();
  for (const row of rows) byQuery.set(row.queryId, [...(byQuery.get(row.queryId) ?? []), row]);
  return byQuery;
}

async function main(): Promise<void> {
  if (!fs.existsSync(XGBOOST)) throw new Error(`no XGBoost CLI at ${XGBOOST} (set XGBOOST=…)`);
  if (FEATURE_NAMES.slice(0, V2_FEATURES.length).join() !== V2_FEATURES.join()) throw new Error('v2 features are no longer the first columns');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-ltr-'));
  const workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
  try {
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cranfield', denseModels: ['glove-100d'] }).finished;
    const grades = new Map(workbench.datasets.qrels('cranfield').map((qrel) => [`${qrel.queryId}\t${qrel.docId}`, qrel.relevance]));
    const judged = new Set(workbench.datasets.qrels('cranfield').map((qrel) => qrel.queryId));
    const queries = workbench.datasets.queries('cranfield').filter((query) => judged.has(query.queryId));
    const label = (row: FeatureRow) => Math.max(0, grades.get(`${row.queryId}\t${row.docId}`) ?? 0);
    const folds = foldsOf(queries.map((query) => query.queryId));
    const featureSets = { 'relwb-features-v2': V2_FEATURES.map((_, i) => i), [FEATURE_SET_VERSION]: FEATURE_NAMES.map((_, i) => i) };

    const bm25: RunQueryResults[] = [];
    for (const query of queries) {
      const { ranked } = await workbench.search.rank({ dataset: 'cranfield', text: query.text, k: DEPTH, variant: 'bm25' });
      bm25.push({ queryId: query.queryId, results: ranked.map((result) => ({ id: result.doc.id, score: result.score })) });
    }
    const evaluations: Evaluation[] = [evaluate('bm25', bm25)];
    for (const variant of (process.env.VARIANTS ?? 'hybrid-rrf,bm25').split(',')) {
      const byQuery = groupByQuery((await workbench.search.featureRows({ dataset: 'cranfield', variant, queries, depth: DEPTH })).rows);
      if (variant !== 'bm25') evaluations.push(evaluate(variant, firstStageRun(byQuery)));
      for (const [name, columns] of Object.entries(featureSets)) {
        evaluations.push(evaluate(`ltr-${name}-over-${variant}`, crossValidatedRun(root, byQuery, folds, columns, label)));
      }
    }

    const [ndcg] = compareEvaluations(evaluations).measures;
    console.log(`\nCranfield, ${queries.length} judged queries, top ${DEPTH}, ${FOLDS}-fold CV by query (seed ${SEED})`);
    console.log(`XGBoost ${execFileSync(XGBOOST, ['--version']).toString().trim()}: ${JSON.stringify(XGBOOST_PARAMS)}\n`);
    console.log('| run | nDCG@10 | Δ vs bm25 | 95% CI | paired t p | randomization p |\n|---|---|---|---|---|---|');
    evaluations.forEach((evaluation, i) => {
      const pair = ndcg!.pairs.find((candidate) => candidate.baseline === 0 && candidate.contender === i);
      const cells = pair
        ? [pair.delta.toFixed(4), `[${pair.confidenceInterval.map((x) => x.toFixed(4)).join(', ')}]`, pair.tTest.pValue.toPrecision(2), pair.randomizationPValue.toPrecision(2)]
        : ['—', '—', '—', '—'];
      console.log(`| ${evaluation.runId} | ${ndcg!.means[i]!.toFixed(4)} | ${cells.join(' | ')} |`);
    });
  } finally {
    await workbench.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
