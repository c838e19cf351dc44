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
import { runCliProcess } from '../helpers/cli-process';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const XGBOOST = spawnSync('xgboost', ['--help'], { encoding: 'utf8' }).error ? null : 'xgboost';
if (!XGBOOST) console.warn('SKIPPED: the xgboost CLI is not installed (apt-get install -y xgboost); the LETOR export is not proven against a real trainer here');

describe.skipIf(!XGBOOST)('xgboost reads the export', () => {
  let dir: string;
  const relwb = async (...args: string[]) => {
    const result = await runCliProcess(['--data-dir', path.join(dir, 'data'), ...args]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-xgb-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains rank:ndcg on the train split and its test run is evaluated with relwb eval', async () => {
    await relwb('import', '--format', 'beir', CRANFIELD, '--name', 'cran');
    await relwb('judgments', 'import', 'cran', '--format', 'qrels', path.join(CRANFIELD, 'golden', 'qrels.trec'), '--source', 'cranfield', '--scale', 'five-level', '--map', '0=1,1=2,2=3,3=4,4=5');
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

    const rows = fs.readFileSync(path.join(out, 'test.txt.rows.tsv'), 'utf8').trim().split('\n').map((line) => line.split('\t') as [string, string]);
    const predictions = fs.readFileSync(path.join(out, 'pred.txt'), 'utf8').trim().split('\n').map(Number);
    expect(predictions).toHaveLength(rows.length);
    expect(new Set(predictions).size).toBeGreaterThan(1);
    const runOf = (scores: readonly number[], tag: string) => {
      const byQuery = new Map<string, { docId: string; score: number }[]>();
      rows.forEach(([queryId, docId], i) => byQuery.set(queryId, [...(byQuery.get(queryId) ?? []), { docId, score: scores[i]! }]));
      return [...byQuery].flatMap(([queryId, docs]) =>
        [...docs].sort((a, b) => b.score - a.score).map((doc, rank) => `${queryId} Q0 ${doc.docId} ${rank + 1} ${(docs.length - rank).toFixed(0)} ${tag}\n`),
      ).join('');
    };
    fs.writeFileSync(path.join(out, 'lambdamart.trec'), runOf(predictions, 'lambdamart'));
    // The rows of a query are in the variant's rank order: that order is the BM25 run on the same test queries.
    fs.writeFileSync(path.join(out, 'bm25.trec'), runOf(rows.map((_, i) => -i), 'bm25'));
    const qrels = path.join(CRANFIELD, 'golden', 'qrels.trec');
    const ndcg = async (run: string) => Number(/ndcg_cut_10\s+all\s+(\S+)/.exec(await relwb('eval', '-m', 'ndcg_cut.10', qrels, path.join(out, run)))![1]);
    const lambdamart = await ndcg('lambdamart.trec');
    const bm25 = await ndcg('bm25.trec');
    console.log(`Cranfield test split (34 queries, seed 1): nDCG@10 LambdaMART (xgboost rank:ndcg) ${lambdamart.toFixed(4)}, BM25 ${bm25.toFixed(4)}`);
    expect(bm25).toBeGreaterThan(0.2);
    // A trained reranker that learned nothing would sit far below the ranking it reranks.
    expect(lambdamart).toBeGreaterThan(bm25 - 0.1);
  }, 600_000);
});
