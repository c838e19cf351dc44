import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultOf } from '../../core/api/contract';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();
/** How the page prints an MDE: three decimals, or a dash below 2 queries (no test possible). */
const shown = (mde: number | null) => (mde === null ? '—' : mde.toFixed(3));

describe.skipIf(!chromiumPath)('web mode query sets page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <M extends 'querySets.previewSample' | 'querySets.list' | 'tasks.create'>(method: M, args: unknown): Promise<ResultOf<M>> => {
    const response = await fetch(new URL(`/api/${method}`, server.url), { method: 'POST', headers: server.headers, body: JSON.stringify(args) });
    expect(response.ok).toBe(true);
    return ((await response.json()) as { result: ResultOf<M> }).result;
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server, { width: 1280, height: 1400 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a stratified sample of the pins log through the form, with a preview equal to the API preview', async () => {
    await page.goto(`${server.url}#/query-sets?dataset=pins`);
    // The first-start import of the demos runs while the page is open.
    await expect.poll(() => page.locator('select[aria-label="Dataset"] option').count(), { timeout: 60_000 }).toBe(2);
    await page.selectOption('select[aria-label="Dataset"]', 'pins');
    await page.getByLabel('Name', { exact: true }).fill('pins round 1');
    await page.getByLabel('Size', { exact: true }).fill('60');
    await page.getByLabel('Seed', { exact: true }).fill('7');
    await page.getByLabel(/^Strata/).selectOption('tier');
    await page.getByLabel(/^Allocation/).selectOption('proportional');
    await page.getByLabel('Head share of traffic (%)').fill('40');
    await page.getByLabel('Torso share of traffic (%)').fill('35');

    const source = {
      kind: 'sample',
      log: { kind: 'bundled' },
      method: 'stratified',
      size: 60,
      seed: 7,
      strata: { by: 'tier', allocation: 'proportional', tierThresholds: { head: 0.4, torso: 0.35 } },
    };
    const expected = await api('querySets.previewSample', { dataset: 'pins', source });
    expect(expected.strata.map((stratum) => stratum.key).sort()).toEqual(['head', 'tail', 'torso']);
    const preview = page.getByTestId('sample-preview');
    const cell = (key: string, column: string) => preview.locator(`tr[data-stratum="${key}"] td[data-column="${column}"]`);
    // The table follows the form: wait until it shows the sizes for 60 queries, then compare every number.
    await expect.poll(() => cell(expected.strata[0]!.key, 'sample').textContent()).toBe(String(expected.strata[0]!.sampleSize));
    for (const stratum of expected.strata) {
      expect(await cell(stratum.key, 'population').textContent()).toBe(stratum.population.toLocaleString('en-US'));
      expect(await cell(stratum.key, 'share').textContent()).toBe(`${(stratum.trafficShare * 100).toFixed(1)}%`);
      expect(await cell(stratum.key, 'sample').textContent()).toBe(String(stratum.sampleSize));
      expect(await cell(stratum.key, 'sd').textContent()).toBe(`${stratum.sd.toFixed(3)}default`);
      expect(await cell(stratum.key, 'mde').textContent()).toBe(shown(stratum.minimumDetectableEffect));
    }
    expect(await page.getByTestId('sample-mde').textContent()).toBe(shown(expected.minimumDetectableEffect));
    expect(await page.getByTestId('weighting-note').textContent()).toContain('weighted by stratum');

    await page.getByRole('button', { name: 'Create query set' }).click();
    await expect.poll(() => page.getByTestId('query-sets-notice').textContent()).toBe('Created pins round 1: 60 queries.');
    const row = page.getByTestId('query-set-row').filter({ hasText: 'pins round 1' });
    expect(await row.locator('td').first().textContent()).toBe('60');
    expect(await row.textContent()).toContain('stratified by tier, proportional, seed 7');
    const [stored] = await api('querySets.list', { dataset: 'pins' });
    expect(await row.locator('code').textContent()).toBe(stored!.contentHash.slice(0, 12));
    // Its queries, shown below the table, are the ones the preview drew, with their strata.
    const queryRows = page.getByRole('table', { name: 'Queries of pins round 1' }).locator('tbody tr');
    await expect.poll(() => queryRows.count()).toBe(60);
    expect(await queryRows.first().locator('td').nth(2).textContent()).toBe(expected.queries[0]!.text);
    expect(await queryRows.first().locator('td').nth(3).textContent()).toBe(expected.queries[0]!.stratum);

    // For the README picture: let the first-start import finish, so its progress bar is not in it (not an assertion).
    await page.locator('.jobs').waitFor({ state: 'detached', timeout: 100_000 }).catch(() => undefined);
    await page.screenshot({ path: 'test-results/query-sets.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows a set as locked once a task uses it, refuses to delete it with the reason, and copies it', async () => {
    const [set] = await api('querySets.list', { dataset: 'pins' });
    await api('tasks.create', { name: 'e2e round', dataset: 'pins', querySet: set!.id, variants: ['bm25'], depth: 1 });
    await page.reload();
    const row = page.getByTestId('query-set-row').filter({ hasText: 'pins round 1' });
    await expect.poll(() => row.locator('.badge-locked').count()).toBe(1);
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('query-sets-notice').textContent()).toBe('Could not delete: query set "pins round 1" is used by a rating task');
    expect(await page.getByTestId('query-set-row').count()).toBe(1);
    await row.getByRole('button', { name: 'Copy…' }).click();
    await page.getByLabel('Name of the copy').fill('pins round 1b');
    await row.getByRole('button', { name: 'Copy', exact: true }).click();
    const copy = page.getByTestId('query-set-row').filter({ hasText: 'pins round 1b' });
    await expect.poll(() => copy.count()).toBe(1);
    // Same queries, so the same content hash; the copy is not locked.
    expect(await copy.locator('code').textContent()).toBe(set!.contentHash.slice(0, 12));
    expect(await copy.locator('.badge-locked').count()).toBe(0);
    await copy.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('query-set-row').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
