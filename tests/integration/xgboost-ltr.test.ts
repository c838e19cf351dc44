/**
 * Proof with a real consumer: Debian's `xgboost` CLI trains LambdaMART on a LETOR-style export of
 * Cranfield (qrels imported as judgments, a variant's top 100, split by query) and the trained ranker
 * is scored with `relwb eval` beside the variant it reranks, on the same test queries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cranfieldNdcg10, cranfieldWithJudgments, exportedRows, trecRunOf } from '../helpers/cranfield-ltr';

const XGBOOST = spawnSync('xgboost', ['--help'], { encoding: 'utf8' }).error ? null : 'xgboost';
if (!XGBOOST) console.warn('SKIPPED: the xgboost CLI is not installed (apt-get install -y xgboost); the LETOR export is not proven against a real trainer here');

describe.skipIf(!XGBOOST)('xgboost reads the export', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-xgb-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains rank:ndcg on the train split and its test run is evaluated with relwb eval', async () => {
    const relwb = await cranfieldWithJudgments(path.join(dir, 'data'));
    const out = path.join(dir, 'ltr');
    const exported = await relwb('export', 'cran', '--format', 'xgboost', '--out', out, '--source', 'cranfield', '--variant', 'bm25', '--depth', '100', '--split', '70/15/15', '--seed', '1');
    expect(exported).toContain('test: 34 queries');

    // Lambda gradients have small hessians: the default min_child_weight (1) grows empty trees here.
    const train = ['task=train', 'objective=rank:ndcg', `data="${path.join(out, 'train.txt')}?format=libsvm"`, 'num_round=200', 'eta=0.05', 'max_depth=4', 'min_child_weight=0.01', 'seed=1', `model_out=${path.join(out, 'model.bin')}`];
    fs.writeFileSync(path.join(out, 'train.conf'), `${train.join('\n')}\n`);
    execFileSync(XGBOOST!, [path.join(out, 'train.conf')], { cwd: out, stdio: 'pipe' });
    const predict = ['task=pred', `test:data="${path.join(out, 'test.txt')}?format=libsvm"`, `model_in=${path.join(out, 'model.bin')}`, `name_pred=${path.join(out, 'pred.txt')}`];
    fs.writeFileSync(path.join(out, 'pred.conf'), `${predict.join('\n')}\n`);
    execFileSync(XGBOOST!, [path.join(out, 'pred.conf')], { cwd: out, stdio: 'pipe' });

    const rows = exportedRows(path.join(out, 'test.txt.rows.tsv'));
    const predictions = fs.readFileSync(path.join(out, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    expect(predictions).toHaveLength(rows.length);
    expect(new Set(predictions).size).toBeGreaterThan(1);
    fs.writeFileSync(path.join(out, 'lambdamart.trec'), trecRunOf(rows, (row) => predictions[row]!, 'lambdamart'));
    // The rows of a query are in the variant's rank order: that order is the BM25 run on the same test queries.
    fs.writeFileSync(path.join(out, 'bm25.trec'), trecRunOf(rows, (row) => -row, 'bm25'));
    const lambdamart = await cranfieldNdcg10(relwb, path.join(out, 'lambdamart.trec'));
    const bm25 = await cranfieldNdcg10(relwb, path.join(out, 'bm25.trec'));
    console.log(`Cranfield test split (34 queries, seed 1): nDCG@10 LambdaMART (xgboost rank:ndcg) ${lambdamart.toFixed(4)}, BM25 ${bm25.toFixed(4)}`);
    expect(bm25).toBeGreaterThan(0.2);
    // A trained reranker that learned nothing would sit far below the ranking it reranks.
    expect(lambdamart).toBeGreaterThan(bm25 - 0.1);
  }, 600_000);
});
