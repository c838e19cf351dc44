import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardArgs } from '../../core/comparison/dashboard-service';
import { dashboardReportHtml, dashboardReportJson } from '../../core/comparison/report-html';
import { compareEvaluations, evaluateRun, loadQrels, loadRun, resolveMeasures } from '../../core/eval';
import { runCli } from '../../core/cli/main';
import { cliCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const STRATA = ['head', 'torso', 'tail'];

describe('dashboard service', () => {
  let workbench: Workbench;
  let dir: string;
  let args: DashboardArgs;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-dashboard-'));
    workbench = await openWorkbench({ dataDir: dir });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
    // A stratified sample as query-sets-service records one: strata on the queries, stratum sizes in the origin.
    const queries = workbench.datasets.queries('cran').slice(0, 24);
    const set = workbench.querySets.save(
      {
        dataset: 'cran',
        name: 'sample',
        queries: queries.map((query, i) => ({ queryId: query.queryId, text: query.text, stratum: STRATA[i % 3]! })),
        origin: {
          kind: 'sample',
          strata: { by: 'tier' },
          strataSizes: [
            { key: 'head', population: 20, trafficShare: 0.6 },
            { key: 'torso', population: 80, trafficShare: 0.3 },
            { key: 'tail', population: 300, trafficShare: 0.1 },
          ],
        },
      },
      cliCaller(),
    );
    args = { dataset: 'cran', querySet: set.id, runs: [], variants: ['bm25', 'dense-glove', 'hybrid-rrf'], labels: { kind: 'qrels' }, k: 10, depth: 100, coverageThreshold: 0.8, stratumWeighting: 'queries', seed: 11 };
  }, 120_000);
  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scores the runs exactly as relwb compare scores the exported files', async () => {
    const dashboard = await workbench.dashboard.build(args, cliCaller());
    expect(dashboard.runs.map((run) => [run.name, run.queryCount, run.depth])).toEqual([
      ['bm25', 24, 100],
      ['dense-glove', 24, 100],
      ['hybrid-rrf', 24, 100],
    ]);
    const files = await workbench.dashboard.files(args, cliCaller());
    const qrelsFile = path.join(dir, 'labels.qrels');
    fs.writeFileSync(qrelsFile, files.qrels);
    const runFiles = files.runs.map((run) => {
      const file = path.join(dir, `${run.name}.trec`);
      fs.writeFileSync(file, run.text);
      return file;
    });
    const specs = ['ndcg_cut.10', 'P.10', 'map', 'err_cut.10', 'judged.10'];
    const qrels = loadQrels(qrelsFile);
    const fromFiles = compareEvaluations(runFiles.map((file) => evaluateRun(qrels, loadRun(file), { measures: resolveMeasures(specs), averageOverAllJudgedQueries: true })), { seed: 11 });
    expect(dashboard.queries.map((query) => query.queryId)).toEqual(fromFiles.queryIds);
    for (const measure of dashboard.measures) {
      const expected = fromFiles.measures.find((candidate) => candidate.measure === measure.column)!;
      expect(measure.means).toEqual(expected.means);
      expect(measure.pairs).toEqual(expected.pairs);
      expect(measure.perQuery).toEqual(expected.perQuery);
    }
    expect(dashboard.coverage.judged).toEqual(fromFiles.measures.find((measure) => measure.measure === 'judged_10')!.means);
    expect(dashboard.measures[0]!.means[0]).toBeGreaterThan(0.2);
  }, 120_000);

  it('reuses the stored runs of the variants over the query set', async () => {
    const before = workbench.runs.list('cran').length;
    const dashboard = await workbench.dashboard.build(args, cliCaller());
    expect(workbench.runs.list('cran')).toHaveLength(before);
    // A stored run can join by id; the imported copy of a run scores the same.
    const file = path.join(dir, 'copy.trec');
    fs.writeFileSync(file, workbench.runs.trecText(dashboard.runs[0]!.id));
    const imported = workbench.runs.importRun({ dataset: 'cran', path: file, name: 'bm25-copy' }, cliCaller());
    const withImport = await workbench.dashboard.build({ ...args, runs: [imported.id], variants: ['bm25'] }, cliCaller());
    expect(withImport.measures[0]!.means[0]).toBe(withImport.measures[0]!.means[1]);
    expect(withImport.overlap[0]!.meanRbo).toBeCloseTo(1, 12);
    expect(withImport.measures[0]!.tukey).toBeNull();
    await expect(workbench.dashboard.rateGap({ ...args, runs: [imported.id], variants: ['bm25'] }, cliCaller())).rejects.toThrow(/imported run cannot be pooled/);
  }, 120_000);

  it('adds Tukey HSD for three runs, segments with stratum weights, overlap and the judgment gap', async () => {
    const dashboard = await workbench.dashboard.build(args, cliCaller());
    const ndcg = dashboard.measures[0]!;
    expect(ndcg.label).toBe('nDCG@10');
    expect(ndcg.tukey!.pairs).toHaveLength(3);
    expect(ndcg.tukey!.degreesOfFreedom).toBe((dashboard.queries.length - 1) * 2);
    expect(ndcg.tukey!.pairs[0]!.difference).toBeCloseTo(ndcg.means[1]! - ndcg.means[0]!, 12);
    // Deltas: every query once, from the biggest loss up, equal to the per-query differences.
    const deltas = ndcg.deltas[0]!;
    expect(deltas).toHaveLength(dashboard.queries.length);
    expect(deltas.map((row) => row.delta)).toEqual([...deltas.map((row) => row.delta)].sort((a, b) => a - b));
    const index = dashboard.queries.findIndex((query) => query.queryId === deltas[0]!.queryId);
    expect(deltas[0]!.delta).toBe(ndcg.perQuery[1]![index]! - ndcg.perQuery[0]![index]!);

    expect(dashboard.segments.segments.map((segment) => segment.key)).toEqual(['head', 'torso', 'tail']);
    expect(dashboard.segments.segments.map((segment) => segment.weight)).toEqual([20 / 400, 80 / 400, 300 / 400]);
    const weighted = dashboard.segments.weighted[0]!.means[0]!.mean;
    const segmentMeans = dashboard.segments.segments.map((segment) => segment.measures[0]!.means[0]!);
    expect(weighted).toBeCloseTo(0.05 * segmentMeans[0]! + 0.2 * segmentMeans[1]! + 0.75 * segmentMeans[2]!, 12);

    // The gap: documents in some run's top 10 without a qrel, counted independently here.
    const judged = new Set(workbench.datasets.qrels('cran').map((qrel) => `${qrel.queryId}\t${qrel.docId}`));
    let unjudged = 0;
    for (const query of workbench.querySets.queries(args.querySet)) {
      const union = new Set(dashboard.runs.flatMap((run) => workbench.runs.results(run.id, query.queryId).filter((row) => row.rank <= 10).map((row) => row.docId)));
      unjudged += [...union].filter((docId) => !judged.has(`${query.queryId}\t${docId}`)).length;
    }
    expect(dashboard.coverage.gapPairs).toBe(unjudged);
    // Cranfield's qrels list relevant documents only, so most of a top 10 is unjudged: every run is flagged.
    expect(dashboard.coverage.belowThreshold).toEqual([0, 1, 2]);
  }, 120_000);

  it('rates the gap: a task over the queries with unjudged documents, pooling the compared variants', async () => {
    const { task, gapPairs, queries } = await workbench.dashboard.rateGap(args, cliCaller());
    expect(gapPairs).toBeGreaterThan(0);
    expect(task.spec.variants).toEqual(['bm25', 'dense-glove', 'hybrid-rrf']);
    expect(task.spec.depth).toBe(10);
    expect(workbench.querySets.queries(task.querySet)).toHaveLength(queries);
    expect(workbench.querySets.get(task.querySet).origin).toMatchObject({ kind: 'gap', of: args.querySet, k: 10 });
    // Qrels are not rating judgments, so the pool is the whole union of the top 10: at least the gap.
    expect(task.pairCount).toBeGreaterThanOrEqual(gapPairs);
  }, 120_000);

  it('reports the comparison as self-contained HTML and as JSON with content hashes', async () => {
    const { dashboard, provenance } = await workbench.dashboard.withProvenance(args, cliCaller());
    expect(provenance.querySet.contentHash).toBe(workbench.querySets.get(args.querySet).contentHash);
    expect(provenance.judgments.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(provenance.models.map((model) => model.id)).toEqual(['glove-100d']);
    expect(provenance.models[0]!.files.map((file) => file.name)).toContain('model.onnx');
    const html = dashboardReportHtml(dashboard, provenance);
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(4 * 3);
    expect(html).toContain(provenance.judgments.sha256);
    expect(html).toContain('Tukey HSD');
    const json = JSON.parse(dashboardReportJson(dashboard, provenance)) as { dashboard: { measures: { means: number[] }[] }; provenance: { index: { sha256: string } } };
    expect(json.dashboard.measures[0]!.means).toEqual(dashboard.measures[0]!.means);
    expect(json.provenance.index.sha256).toBe(provenance.index.sha256);
  }, 120_000);

  it('escapes text from data in the report', async () => {
    const { dashboard, provenance } = await workbench.dashboard.withProvenance(args, cliCaller());
    const hostile = { ...dashboard, dataset: '<img src=x onerror=alert(1)>', runs: dashboard.runs.map((run) => ({ ...run, name: `<script>alert("${run.name}")</script>` })) };
    const html = dashboardReportHtml(hostile, { ...provenance, querySet: { ...provenance.querySet, origin: { note: '</code><script>x</script>' } } });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;bm25&quot;)&lt;/script&gt;');
  }, 120_000);
});

describe('relwb report', () => {
  it('writes the dashboard of stored runs as JSON and HTML', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-report-cli-'));
    try {
      let stdout = '';
      let stderr = '';
      const cli = (argv: string[]) => runCli(['--data-dir', dir, ...argv], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
      const workbench = await openWorkbench({ dataDir: dir });
      await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
      const set = workbench.querySets.save({ dataset: 'cran', name: 'ten', queries: workbench.datasets.queries('cran').slice(0, 10).map(({ queryId, text }) => ({ queryId, text, stratum: null })), origin: { kind: 'list' } }, cliCaller());
      const args: DashboardArgs = { dataset: 'cran', querySet: set.id, runs: [], variants: ['bm25', 'dense-glove'], labels: { kind: 'qrels' }, k: 5, depth: 50, coverageThreshold: 0.8, stratumWeighting: 'queries' };
      const expected = await workbench.dashboard.build(args, cliCaller());
      await workbench.close();

      const jsonFile = path.join(dir, 'report.json');
      const base = ['report', 'cran', '--query-set', String(set.id), '--variant', 'bm25', '--variant', 'dense-glove', '-k', '5', '--depth', '50'];
      expect(await cli([...base, '--format', 'json', '--out', jsonFile]), stderr).toBe(0);
      const report = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { dashboard: { runs: { id: number }[]; measures: { means: number[]; pairs: unknown[] }[] } };
      // The runs made above are reused, so the report scores exactly what the dashboard showed.
      expect(report.dashboard.runs.map((run) => run.id)).toEqual(expected.runs.map((run) => run.id));
      expect(report.dashboard.measures.map((measure) => measure.means)).toEqual(expected.measures.map((measure) => measure.means));
      const htmlFile = path.join(dir, 'report.html');
      expect(await cli([...base, '--out', htmlFile]), stderr).toBe(0);
      expect(stdout).toContain(`wrote the HTML report to ${htmlFile}`);
      expect(fs.readFileSync(htmlFile, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<svg [\s\S]*<\/html>\n$/);
      expect(await cli([...base, '--labels', 'judges', '--out', htmlFile])).toBe(2);
      expect(stderr).toContain('--labels must be qrels, task:ID or import:SOURCE, got "judges"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
