import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main';
import { loadQrels, loadRun, evaluateRun, resolveMeasures } from '../../core/eval';
import { useTempDirs } from '../helpers/temp-dir';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('relwb train', () => {
  const tempDir = useTempDirs();

  it('reports the CV result as JSON and writes a CV run whose nDCG@10 is the reported one', async () => {
    const dataDir = tempDir();
    expect((await cli(['--data-dir', dataDir, 'import', '--format', 'beir', CRANFIELD, '--name', 'cran', '--no-dense'])).code).toBe(0);
    const cvRun = path.join(dataDir, 'cv.trec');
    const trained = await cli(['--data-dir', dataDir, 'train', 'cran', '--base', 'bm25', '--depth', '10', '--folds', '3', '--trainer', 'linear', '--cv-run', cvRun, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    const report = JSON.parse(trained.stdout);
    expect(report).toMatchObject({ trainer: 'linear', depth: 10, folds: 3, queries: 225, finalTrees: null });
    expect(report.cvRun).toBeUndefined();
    const qrelsFile = path.join(dataDir, 'qrels.trec');
    const qrels = fs.readFileSync(path.join(CRANFIELD, 'qrels', 'test.tsv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
    fs.writeFileSync(qrelsFile, qrels.map(([q, d, r]) => `${q} 0 ${d} ${r}\n`).join(''));
    const evaluation = evaluateRun(loadQrels(qrelsFile), loadRun(cvRun), { measures: resolveMeasures(['ndcg_cut.10']), averageOverAllJudgedQueries: true });
    const ndcg = report.measures.find((m: { measure: string }) => m.measure === 'ndcg_cut_10');
    expect(evaluation.columns[0]!.summary as number).toBeCloseTo(ndcg.learned, 4);

    const text = await cli(['--data-dir', dataDir, 'train', 'cran', '--base', 'bm25', '--depth', '10', '--folds', '3', '--trainer', 'linear']);
    expect(text.stdout).toMatch(/ndcg_cut_10\s+0\.\d{4}\s+0\.\d{4}/);
    expect(text.stdout).toContain('feature importance (final model):');
    expect(text.stdout.includes('WARNING: Not better than bm25') || text.stdout.includes('Better than bm25')).toBe(true);
    expect((await cli(['--data-dir', dataDir, 'train', 'cran'])).stderr).toContain('--base is required');
    const filtered = await cli(['--data-dir', dataDir, 'train', 'cran', '--base', 'bm25', '--min-agreement', '0.8']);
    expect(filtered.code).toBe(2);
    expect(filtered.stderr).toContain('use them with --labels task:ID');
    expect((await cli(['--data-dir', dataDir, 'train', 'cran', '--base', 'bm25', '--labels', 'task:1', '--min-agreement', '2'])).stderr).toContain('--min-agreement must be between 0 and 1');
  }, 300_000);
});
