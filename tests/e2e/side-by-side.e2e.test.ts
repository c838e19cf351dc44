import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

async function until(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the demo datasets');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.skipIf(!chromiumPath)('side-by-side comparisons in web mode', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let raterToken: string;
  let blindId: number;
  let interleavedId: number;

  async function api<M extends MethodName>(method: M, args: ArgsOf<M>, token = server.key): Promise<ResultOf<M>> {
    const response = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { ...server.headers, authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
    const body = (await response.json()) as { result?: ResultOf<M>; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result!;
  }
  /** The team of each document of a query's merged list: hidden from raters and the API, so read from the database. */
  const teams = (comparison: number, queryId: string): { docId: string; team: 'A' | 'B' }[] => {
    const db = new Database(path.join(server.dataDir, 'workbench.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT interleaved FROM comparison_queries WHERE comparison_id = ? AND query_id = ?').get(comparison, queryId) as { interleaved: string };
      return JSON.parse(row.interleaved);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    await until(async () => (await api('datasets.list', {})).some((dataset) => dataset.name === 'pins') && (await api('jobs.list', {})).every((job) => job.state !== 'running'));
    const querySet = await api('querySets.create', { dataset: 'pins', name: 'sbs', source: { kind: 'list', lines: ['f\tred flower', 'd\tdog', 'm\tmountain lake'] } });
    const common = { dataset: 'pins', querySet: querySet.id, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' }, depth: 6 } as const;
    blindId = (await api('comparisons.create', { ...common, name: 'ranker trial', seed: 9 })).id;
    interleavedId = (await api('comparisons.create', { ...common, name: 'ranker trial, interleaved', mode: 'interleaving', seed: 9 })).id;
    raterToken = (await api('raters.create', { name: 'alice' })).token;
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    fs.mkdirSync('docs/images', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the two lists blind, with names hidden until the rater reveals them', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}?session=${raterToken}#/side-by-side?comparison=${blindId}&query=f`);
    await expect.poll(() => page.getByTestId('sbs-left').getByTestId('sbs-doc').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('sbs-right').getByTestId('sbs-doc').count()).toBeGreaterThan(0);
    expect(await page.locator('.sbs-query').textContent()).toContain('red flower');
    expect(await page.getByTestId('side-name-left').textContent()).toBe('Left list');
    const blindText = await page.getByTestId('sbs-screen').textContent();
    expect(blindText).not.toMatch(/bm25|dense-glove/);
    // Documents in both lists carry their rank in the other one; images come first on pins.
    expect(await page.getByTestId('sbs-left').locator('.sbs-image img').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('unjudged').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'docs/images/side-by-side.png' });
    await page.keyboard.press('v');
    await expect.poll(() => page.getByTestId('side-name-left').textContent()).toMatch(/^(bm25|dense-glove)$/);
    const names = [await page.getByTestId('side-name-left').textContent(), await page.getByTestId('side-name-right').textContent()];
    expect(names.sort()).toEqual(['bm25', 'dense-glove']);
    expect(pageErrors).toEqual([]);
  });

  it('saves a preference by key and counts it in A/B terms in the aggregates; labels a document inline', async () => {
    const left = await page.getByTestId('side-name-left').textContent();
    await page.getByTestId('preference-note').fill('sharper photos');
    await page.locator('.sbs-query').click();
    await page.keyboard.press('q');
    await expect.poll(() => page.getByTestId('preference-status').getAttribute('data-status')).toBe('saved');
    expect(await page.getByTestId('preference-status').textContent()).toBe('Saved ✓ Left much better');
    await expect.poll(() => page.getByTestId('answered-count').textContent()).toBe('1 answered');
    expect((await api('comparisons.query', { comparison: blindId, queryId: 'f' }, raterToken)).preference).toMatchObject({ choice: 'left-much-better', note: 'sharper photos' });
    const aggregates = await api('comparisons.aggregates', { comparison: blindId });
    const leftIsA = left === 'bm25';
    expect(aggregates.pairwise.histogram).toMatchObject(leftIsA ? { '2': 1, '-2': 0 } : { '2': 0, '-2': 1 });
    expect(aggregates.pairwise.overall).toMatchObject(leftIsA ? { wins: 1, losses: 0 } : { wins: 0, losses: 1 });
    expect(Object.values(aggregates.pairwise.raters)).toEqual(['alice']);

    // The focused first card of the left list, labelled with the scale's key: an ordinary judgment of the task.
    const first = page.getByTestId('sbs-left').getByTestId('sbs-doc').first();
    const docId = await first.getAttribute('data-doc-id');
    await page.keyboard.press('5');
    await expect.poll(() => first.locator('[data-status]').getAttribute('data-status')).toBe('saved');
    await expect.poll(() => first.getByTestId('consensus-badge').textContent()).toBe('Highly relevant');
    const comparison = (await api('comparisons.list', {})).find((row) => row.id === blindId)!;
    const consensus = await api('tasks.consensus', { task: comparison.taskId! });
    expect(consensus.labels.find((label) => label.queryId === 'f' && label.docId === docId)?.label).toBe(5);

    // The lead sees the same count in the results panel.
    const lead = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await lead.goto(`${server.loginUrl}#/side-by-side?comparison=${blindId}&query=f`);
    await lead.getByRole('button', { name: 'Results' }).click();
    await expect.poll(() => lead.getByTestId('pairwise-verdict').getAttribute(leftIsA ? 'data-wins' : 'data-losses')).toBe('1');
    await lead.getByRole('button', { name: 'Run simulation' }).click();
    await expect.poll(() => lead.getByTestId('simulation-agreement').count()).toBe(1);
    await lead.getByTestId('sbs-results').screenshot({ path: 'docs/images/side-by-side-results.png' });
    await lead.close();
  });

  it('credits the engagement a rater marks in the merged list to the team that placed each document', async () => {
    await page.goto(`${server.url}#/side-by-side?comparison=${interleavedId}&query=d`);
    await expect.poll(() => page.getByTestId('sbs-doc').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('sbs-screen').textContent()).not.toMatch(/bm25|dense-glove|team/i);
    const merged = teams(interleavedId, 'd');
    expect((await page.getByTestId('sbs-doc').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-doc-id'))))).toEqual(merged.map((item) => item.docId));
    const fromB = merged.filter((item) => item.team === 'B').map((item) => item.docId);
    expect(fromB.length).toBeGreaterThan(0);
    for (const docId of fromB) {
      await page.locator(`[data-testid="sbs-doc"][data-doc-id="${docId}"]`).click();
      await expect.poll(() => page.getByTestId('engaged-status').getAttribute('data-status')).toBe('saved');
    }
    await expect.poll(() => page.getByTestId('engaged-status').textContent()).toBe(`Saved ✓ ${fromB.length} marked`);
    await page.screenshot({ path: 'docs/images/side-by-side-interleaving.png' });
    const aggregates = await api('comparisons.aggregates', { comparison: interleavedId });
    expect(aggregates.interleaving.perQuery).toEqual([{ queryId: 'd', impressions: 1, clicksA: 0, clicksB: fromB.length, outcome: 'B' }]);
    expect(aggregates.interleaving.overall).toMatchObject({ wins: 0, losses: 1 });
  });
});
