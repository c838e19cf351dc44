import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, Dashboard, MethodName, ResultOf } from '../../core/api/contract';
import { runCliProcess } from '../helpers/cli-process';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();
const QUERIES = ['f\tflower', 'c\tchocolate cake', 'r\tred roses', 'd\tdog', 'g\tgarden path', 'w\twedding dress', 'l\tmountain lake', 'o\tcoffee'];
const VARIANTS = ['bm25', 'dense-glove', 'hybrid-rrf'];
const MEASURES = ['ndcg_cut.10', 'P.10', 'map', 'err_cut.10', 'judged.10'];

/** `relwb compare`'s text output: per measure column, the means ("  A    mean 0.1234") and the pair rows, cell by cell. */
function parseCompareText(text: string): Map<string, { means: string[]; pairs: string[][] }> {
  const sections = new Map<string, { means: string[]; pairs: string[][] }>();
  let current: { means: string[]; pairs: string[][] } | null = null;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('queries:')) {
      current = { means: [], pairs: [] };
      sections.set(line.trim(), current);
    } else if (current && /^\s+\S+\s+mean /.test(line)) current.means.push(line.trim().split(/\s+/)[2]!);
    else if (current && /^\s+[A-Z]-[A-Z]\s/.test(line)) current.pairs.push(line.trim().split(/\s{2,}/));
  }
  return sections;
}

describe.skipIf(!chromiumPath)('metrics dashboard and report', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let comparison: ArgsOf<'dashboard.build'>;
  let dashboard: Dashboard;
  let compareText: string;
  let raterToken: string;
  let compareJson: { queries: number; measures: { measure: string; means: number[]; pairs: unknown[] }[] };
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-dashboard-e2e-'));
  const pageErrors: string[] = [];

  const api = async <M extends MethodName>(method: M, args: ArgsOf<M>, token = server.key): Promise<ResultOf<M>> => {
    const response = await fetch(new URL(`/api/${method}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { result: ResultOf<M> };
    if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body.result;
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server, { width: 1360, height: 1000 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await vi.waitFor(
      async () => {
        if (!(await api('datasets.list', {})).some((dataset) => dataset.name === 'pins')) throw new Error('the pins demo is not imported yet');
      },
      { timeout: 90_000, interval: 500 },
    );
    // Consensus labels: one rater labels the pooled top 5 of two variants; the dashboard looks at the top 10 of three.
    const { token } = await api('raters.create', { name: 'ada' });
    raterToken = token;
    const querySet = await api('querySets.create', { dataset: 'pins', name: 'dashboard e2e', source: { kind: 'list', lines: QUERIES } });
    const task = await api('tasks.create', { name: 'dashboard e2e', dataset: 'pins', querySet: querySet.id, variants: ['bm25', 'dense-glove'], depth: 5, seed: 5 });
    const queue = await api('tasks.queue', { task: task.id }, token);
    for (const entry of queue.entries) await api('tasks.label', { task: task.id, pairIndex: entry.pairIndex, grade: ((entry.pairIndex * 7) % 5) + 1 }, token);
    comparison = { dataset: 'pins', querySet: querySet.id, variants: VARIANTS, labels: { kind: 'task', task: task.id }, k: 10 };
    dashboard = await api('dashboard.build', comparison);

    // The same labels and runs as files, through the CLI in its own process.
    const files = await api('dashboard.files', comparison);
    const qrelsFile = path.join(tempDir, 'labels.qrels');
    fs.writeFileSync(qrelsFile, files.qrels);
    const runFiles = files.runs.map((run) => {
      const file = path.join(tempDir, `${run.name}.trec`);
      fs.writeFileSync(file, run.text);
      return file;
    });
    const args = ['compare', qrelsFile, ...runFiles, ...MEASURES.flatMap((measure) => ['-m', measure]), '--seed', String(dashboard.seed)];
    const [text, json] = await Promise.all([runCliProcess(args), runCliProcess([...args, '--json'])]);
    expect(text.code, text.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    compareText = text.stdout;
    compareJson = JSON.parse(json.stdout) as typeof compareJson;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('computes every mean, delta, CI and p-value that relwb compare prints for the exported files', () => {
    expect(compareJson.queries).toBe(dashboard.queries.length);
    expect(dashboard.queries.length).toBe(QUERIES.length);
    for (const measure of dashboard.measures) {
      const printed = compareJson.measures.find((candidate) => candidate.measure === measure.column)!;
      expect(printed.means).toEqual(measure.means);
      expect(printed.pairs).toEqual(measure.pairs);
    }
    expect(compareJson.measures.find((candidate) => candidate.measure === 'judged_10')!.means).toEqual(dashboard.coverage.judged);
  });

  it('shows on the page exactly the numbers relwb compare prints', async () => {
    const query = new URLSearchParams({ dataset: 'pins', querySet: String(comparison.querySet), labels: `task:${(comparison.labels as { task: number }).task}`, variants: VARIANTS.join(','), k: '10' });
    await page.goto(`${server.url}#/dashboard?${query.toString()}`);
    await page.getByRole('table', { name: 'nDCG@10 pairs' }).waitFor({ timeout: 60_000 });
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await page.screenshot({ path: 'docs/images/dashboard.png', fullPage: true });
    const printed = parseCompareText(compareText);
    for (const measure of dashboard.measures) {
      const cli = printed.get(measure.column)!;
      expect(cli.pairs).toHaveLength(3);
      const rows = await page.getByRole('table', { name: `${measure.label} pairs` }).locator('tbody tr').all();
      expect(rows).toHaveLength(3);
      for (const [i, row] of rows.entries()) {
        const cells = await row.locator('td').allInnerTexts();
        // CLI: pair, delta, CI, t p, rand. p, t p Holm, rand. p Holm, W/T/L, d_z, MDE, queries for delta.
        expect(cells).toEqual(cli.pairs[i]!.slice(1, 10));
      }
      const card = page.getByRole('region', { name: `${measure.label} means` });
      await card.getByRole('button', { name: 'Table' }).click();
      const means = await card.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(means).toEqual(cli.means);
    }
    const coverage = page.getByRole('region', { name: 'Judged@10 per run' });
    await coverage.getByRole('button', { name: 'Table' }).click();
    expect(await coverage.locator('tbody tr td:nth-child(2)').allInnerTexts()).toEqual(printed.get('judged_10')!.means);

    // The chart's CSV and the report download from the page itself.
    const [csv] = await Promise.all([page.waitForEvent('download'), coverage.getByRole('button', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('judged@10-per-run.csv');
    expect(fs.readFileSync((await csv.path())!, 'utf8')).toBe(`run,Judged@10\r\n${VARIANTS.map((name, i) => `${name},${printed.get('judged_10')!.means[i]}`).join('\r\n')}\r\n`);
    const [html] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Report (HTML)' }).click()]);
    expect(html.suggestedFilename()).toMatch(/^comparison-pins-.*\.html$/);
    expect(fs.readFileSync((await html.path())!, 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<svg /);
    expect(pageErrors).toEqual([]);
  });

  it('warns about low Judged@10 and rates the gap', async () => {
    expect(dashboard.coverage.belowThreshold.length).toBeGreaterThan(0);
    const warning = page.locator('.coverage-warning');
    await expect.poll(() => warning.innerText()).toContain('Judged@10 below 0.80');
    const before = (await api('tasks.list', {})).length;
    // Creating tasks is a lead's: a rater's token is refused.
    await expect(api('dashboard.rateGap', { comparison }, raterToken)).rejects.toThrow(/FORBIDDEN|lead/);
    await page.getByRole('button', { name: 'Rate the gap' }).click();
    await expect.poll(() => page.locator('.banner-ok').innerText(), { timeout: 60_000 }).toMatch(/Created task .* with \d+ pairs to rate/);
    const tasks = await api('tasks.list', {});
    expect(tasks).toHaveLength(before + 1);
    const gapTask = tasks.at(-1)!;
    expect(gapTask.spec.variants).toEqual(VARIANTS);
    // Pairs the consensus task already judged on the scale are reused, so the new task holds exactly the gap.
    expect(gapTask.pairCount).toBe(dashboard.coverage.gapPairs);
  });

  it('opens a query side by side from a bar of the per-query delta chart', async () => {
    // Record where the click goes, then what the side-by-side screen makes of it.
    await page.evaluate(() => {
      const visited: string[] = [];
      (window as unknown as { visited: string[] }).visited = visited;
      window.addEventListener('hashchange', (event) => visited.push(new URL(event.newURL).hash));
    });
    const deltaCard = page.getByRole('region', { name: /^nDCG@10 per query:/ });
    await deltaCard.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').first().click();
    const visited = () => page.evaluate(() => (window as unknown as { visited: string[] }).visited);
    await expect.poll(async () => (await visited())[0] ?? '').toMatch(/^#\/side-by-side\?/);
    const params = new URLSearchParams((await visited())[0]!.split('?')[1]);
    expect(params.get('query')).toBe(dashboard.measures[0]!.deltas[0]![0]!.queryId);
    expect([params.get('a'), params.get('b')]).toEqual(['bm25', 'dense-glove']);
    // No comparison of the two exists yet: the form to freeze one is filled in with the dashboard's choice.
    await expect.poll(() => page.getByTestId('wanted-comparison').textContent()).toContain('No comparison of these two yet');
    // The form's options arrive with the variants list, which can be after the notice.
    await expect.poll(() => page.locator('#sbs-a').inputValue()).toBe('variant:bm25');
    await expect.poll(() => page.locator('#sbs-b').inputValue()).toBe('variant:dense-glove');
  });

  it('exports an HTML report that renders its charts offline without script', async () => {
    const report = await api('dashboard.report', { format: 'html', comparison });
    expect(report.fileName).toMatch(/\.html$/);
    expect(report.text).not.toMatch(/<script/i);
    const file = path.join(tempDir, report.fileName);
    fs.writeFileSync(file, report.text);
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 1100, height: 900 } });
    const reportPage = await context.newPage();
    const requests: string[] = [];
    reportPage.on('request', (request) => requests.push(request.url()));
    await reportPage.goto(`file://${file}`);
    const charts = reportPage.locator('svg.chart');
    // Judged@k, 4 means, 4 pair deltas, 3 per-query delta charts, 4 distributions, 3 overlaps.
    expect(await charts.count()).toBe(19);
    for (const chart of await charts.all()) {
      const box = (await chart.boundingBox())!;
      expect(box.width).toBeGreaterThan(100);
      expect(box.height).toBeGreaterThan(100);
    }
    const bars = await reportPage.locator('svg.chart rect.bar').evaluateAll((rects) => rects.map((rect) => (rect as SVGGraphicsElement).getBBox().height));
    expect(bars.filter((height) => height > 1).length).toBeGreaterThan(20);
    await expect.poll(() => reportPage.locator('h1').innerText()).toContain('bm25 vs dense-glove vs hybrid-rrf');
    expect(await reportPage.locator('table').filter({ hasText: 'Content hashes' }).innerText()).toContain(dashboard.querySet.contentHash);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    await reportPage.screenshot({ path: 'docs/images/dashboard-report.png' });
    await context.close();

    const json = await api('dashboard.report', { format: 'json', comparison });
    const parsed = JSON.parse(json.text) as { dashboard: Dashboard; provenance: { judgments: { sha256: string } } };
    expect(parsed.dashboard.measures[0]!.means).toEqual(dashboard.measures[0]!.means);
    expect(parsed.provenance.judgments.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
