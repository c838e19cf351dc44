import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareEvaluations, evaluateRun, loadQrels, loadRun, resolveMeasures } from '../../core/eval';
import { cliCaller, raterCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const MEASURES = ['map', 'ndcg_cut.10', 'P.10'];

describe('runs service', () => {
  let workbench: Workbench;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-runs-'));
    workbench = await openWorkbench({ dataDir: dir });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
  }, 120_000);
  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores a variant run over the judged queries, attributed to its caller', async () => {
    const run = await workbench.runs.startRun({ dataset: 'cran', variant: 'bm25', queries: { kind: 'judged' }, k: 100 }, cliCaller()).finished;
    expect(run).toMatchObject({ name: 'bm25', source: 'variant', variant: 'bm25', depth: 100, queryCount: 225, origin: 'judged queries', createdBy: 'cli' });
    const results = workbench.runs.results(run.id, '1');
    expect(results.map((result) => result.rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // A second run of the same variant gets a numbered name rather than replacing the first.
    const again = await workbench.runs.startRun({ dataset: 'cran', variant: 'bm25', queries: { kind: 'list', queries: [{ queryId: '1', text: 'heat transfer' }] }, k: 5 }, raterCaller({ id: 1, name: 'ana', role: 'lead' })).finished;
    expect(again).toMatchObject({ name: 'bm25-2', queryCount: 1, createdBy: 'ana' });
    workbench.runs.remove(again.id);
    expect(workbench.runs.list('cran').map((summary) => summary.name)).toEqual(['bm25']);
  }, 120_000);

  it('compares stored runs from rows exactly as relwb compare does from the same files', async () => {
    const hybrid = await workbench.runs.startRun({ dataset: 'cran', variant: 'hybrid-rrf', queries: { kind: 'judged' }, k: 100 }, cliCaller()).finished;
    const bm25 = workbench.runs.list('cran').find((summary) => summary.name === 'bm25')!;
    const report = workbench.runs.compare({ dataset: 'cran', runs: [bm25.id, hybrid.id], measures: MEASURES, seed: 7 });
    expect(report.judgments).toBe('qrels (1836 judgments)');
    expect(report.runs.map((run) => run.name)).toEqual(['bm25', 'hybrid-rrf']);

    const qrelsFile = path.join(dir, 'qrels.trec');
    fs.writeFileSync(qrelsFile, workbench.datasets.qrels('cran').map((qrel) => `${qrel.queryId} 0 ${qrel.docId} ${qrel.relevance}\n`).join(''));
    const runFiles = [bm25, hybrid].map((run) => {
      const file = path.join(dir, `${run.name}.trec`);
      fs.writeFileSync(file, workbench.runs.trecText(run.id));
      return file;
    });
    const options = { measures: resolveMeasures(MEASURES), averageOverAllJudgedQueries: true };
    const qrels = loadQrels(qrelsFile);
    const fromFiles = compareEvaluations(runFiles.map((file) => evaluateRun(qrels, loadRun(file), options)), { seed: 7 });
    expect(report.measures).toEqual(fromFiles.measures);
    expect(report.queryIds).toEqual(fromFiles.queryIds);
    expect(report.measures[0]!.means[0]).toBeGreaterThan(0.2);
  }, 120_000);

  it('imports a TREC run file into the same rows it was written from', async () => {
    const bm25 = workbench.runs.list('cran').find((summary) => summary.name === 'bm25')!;
    const file = path.join(dir, 'export.trec');
    fs.writeFileSync(file, workbench.runs.trecText(bm25.id));
    const imported = workbench.runs.importRun({ dataset: 'cran', path: file, name: 'bm25-copy' }, cliCaller());
    expect(imported).toMatchObject({ source: 'import', queryCount: 225, depth: 100 });
    expect(workbench.runs.results(imported.id)).toEqual(workbench.runs.results(bm25.id));
    expect(() => workbench.runs.importRun({ dataset: 'cran', path: file, name: 'bm25-copy' }, cliCaller())).toThrow('already has a run named "bm25-copy"');
  });
});
