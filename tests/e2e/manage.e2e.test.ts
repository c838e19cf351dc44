import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

// One server for the Variants and Datasets pages (each e2e file starts its own, and servers cost CI time).
// The failing import runs last: whatever it does to the backend cannot spoil the tests before it.
describe.skipIf(!chromiumPath)('web mode variants and datasets pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let tempDir: string;
  const pageErrors: string[] = [];

  const backendAnswers = () =>
    fetch(new URL('/api/app.status', server.url), { method: 'POST', headers: server.headers, body: '{}' }).then(
      (response) => response.ok,
      () => false,
    );

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-e2e-folders-'));
    fs.mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    if (!server) return;
    // A backend that already exited never emits 'exit' again, so stop() would wait forever.
    if (await backendAnswers()) await server.stop();
    else fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  const variantNames = () => page.getByTestId('variant-item').locator('.variant-name').allTextContents();
  const variantMessage = () => page.getByTestId('variant-message');

  it('rejects an invalid variant spec with a message that names the problem', async () => {
    await page.goto(`${server.url}#/variants`);
    await expect.poll(variantNames).toContain('hybrid-rrf');
    const spec = { name: 'e2e-unfused', retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }] };
    await page.getByLabel('Variant JSON').fill(JSON.stringify(spec, null, 2));
    await page.getByRole('button', { name: 'Save variant' }).click();
    await expect.poll(() => variantMessage().textContent()).toContain('fusion: required when there are 2 or more retrievers');
    expect(await variantMessage().getAttribute('role')).toBe('alert');
    expect(await variantMessage().textContent()).toContain('Not saved');
    expect(await page.getByLabel('Variant JSON').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: 'test-results/variants-invalid.png' });
    expect(await variantNames()).not.toContain('e2e-unfused');

    // Text that is not JSON at all is caught before it is sent.
    await page.getByLabel('Variant JSON').fill('{ "name": "e2e-broken", ');
    await page.getByRole('button', { name: 'Save variant' }).click();
    await expect.poll(() => variantMessage().textContent()).toContain('not valid JSON');
  });

  it('saves a valid variant, lists it, and offers it as a ranker on the search page', async () => {
    const spec = {
      name: 'e2e-weighted',
      description: 'BM25 weighted over GloVe',
      retrievers: [{ kind: 'bm25' }, { kind: 'dense', model: 'glove-100d' }],
      fusion: { kind: 'weighted', normalization: 'minmax', weights: { bm25: 0.8, 'dense:glove-100d': 0.2 } },
    };
    await page.getByLabel('Variant JSON').fill(JSON.stringify(spec, null, 2));
    await page.getByRole('button', { name: 'Save variant' }).click();
    await expect.poll(() => variantMessage().textContent()).toContain('Saved e2e-weighted.');
    await expect.poll(variantNames).toContain('e2e-weighted');
    const item = page.getByTestId('variant-item').filter({ hasText: 'e2e-weighted' });
    expect(await item.locator('.badge').textContent()).toBe('saved');
    expect(await item.textContent()).toContain('BM25 weighted over GloVe');
    await page.screenshot({ path: 'test-results/variants-saved.png' });

    await page.getByRole('link', { name: 'Search with e2e-weighted →' }).click();
    const rankers = page.locator('select[aria-label="Variant"] option');
    await expect.poll(() => rankers.allTextContents()).toContain('e2e-weighted');
    expect(await page.inputValue('select[aria-label="Variant"]')).toBe('e2e-weighted');
    await expect.poll(() => page.locator('select[aria-label="Dataset"] option').count(), { timeout: 60_000 }).toBe(2);
    await page.selectOption('select[aria-label="Dataset"]', 'cranfield');
    await page.fill('input[aria-label="Search"]', 'supersonic flow');
    // The first featured search of a dataset reads its corpus statistics once (feature set v3).
    await expect.poll(() => page.getByTestId('result-summary').textContent(), { timeout: 20_000 }).toContain('by e2e-weighted');
    expect(await page.getByTestId('text-result').count()).toBeGreaterThan(0);
  });

  const datasetRow = (name: string) => page.locator(`[data-testid="dataset-row"][data-name="${name}"]`);
  const importJob = () => page.getByTestId('import-status').getByTestId('job');

  async function importThroughForm(folder: string, name: string) {
    await page.getByLabel('Folder on this computer').fill(folder);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
  }

  it('imports a BEIR folder through the form, shows its progress and lists it with its document count', async () => {
    const doc = (id: string, title: string, text: string) => JSON.stringify({ _id: id, title, text });
    const folder = writeBeirFolder(path.join(tempDir, 'tiny'), {
      corpus: [
        doc('t1', 'Wing flutter', 'flutter of a swept wing at transonic speed'),
        doc('t2', 'Boundary layers', 'heat transfer in a laminar boundary layer'),
        // Dataset text is untrusted: it must show as these characters, never as markup.
        doc('t3', '<img src=x onerror="document.title=1">Shock waves', 'oblique shock waves on a wedge'),
        doc('t4', 'Nozzle design', 'supersonic nozzle contours'),
      ],
      qrels: ['query-id\tcorpus-id\tscore', 'q1\tt2\t2', 'q2\tt1\t1'],
    });
    await page.goto(`${server.url}#/datasets`);
    // The demo datasets are in first, so the new row is the only change to the table.
    await expect.poll(() => page.getByTestId('dataset-row').count(), { timeout: 60_000 }).toBe(2);
    await importThroughForm(folder, 'e2e-tiny');
    await expect.poll(() => importJob().getAttribute('data-state')).toMatch(/^(done|failed)$/);
    expect(await importJob().getAttribute('data-state'), (await importJob().textContent()) ?? '').toBe('done');
    const progress = importJob().locator('progress');
    expect(await progress.getAttribute('value')).toBe('100');
    expect(await importJob().textContent()).toContain('Import e2e-tiny');
    await expect.poll(() => datasetRow('e2e-tiny').count()).toBe(1);
    expect(await datasetRow('e2e-tiny').getByTestId('dataset-docs').textContent()).toBe('4');
    await expect.poll(() => page.getByTestId('import-done').textContent()).toContain('4 documents');
    await page.screenshot({ path: 'test-results/datasets-imported.png' });

    await page.getByRole('link', { name: 'Search it →' }).click();
    await expect.poll(() => page.inputValue('select[aria-label="Dataset"]')).toBe('e2e-tiny');
    await page.fill('input[aria-label="Search"]', 'shock');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('for “shock”');
    const titles = await page.getByTestId('text-result').locator('.result-title').allTextContents();
    expect(titles).toContain('<img src=x onerror="document.title=1">Shock waves');
    expect(await page.getByTestId('text-result').locator('img').count()).toBe(0);
    expect(await page.title()).toBe('Relevance Workbench');
  });

  it('imports a CSV through the form with a field mapping and a query set', async () => {
    const csv = path.join(tempDir, 'pins.csv');
    fs.writeFileSync(csv, 'pin_id,name,about\nc1,Red tulip,a spring flower\nc2,Race car,a fast red car\nc3,Sunflower,a tall yellow flower\n');
    const queries = path.join(tempDir, 'queries.txt');
    fs.writeFileSync(queries, 'red flower\nfast car\n');
    await page.goto(`${server.url}#/datasets`);
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('File on this computer').fill(csv);
    await page.getByLabel('Name', { exact: true }).fill('e2e-csv');
    await page.getByLabel('Field mapping (field=column, …)').fill('id=pin_id,title=name,text=about');
    await page.getByLabel(/Query set file/).fill(queries);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => datasetRow('e2e-csv').count()).toBe(1);
    expect(await datasetRow('e2e-csv').getByTestId('dataset-docs').textContent()).toBe('3');
    expect(await datasetRow('e2e-csv').getByTestId('dataset-queries').textContent()).toBe('2');
    // A started import clears the form for the next one.
    expect(await page.getByLabel('File on this computer').inputValue()).toBe('');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');
    // Leave a fresh form (BEIR folder) for the tests after this one.
    await page.reload();
  });

  it('shows why a malformed folder fails (file and line) and adds no row', async () => {
    const folder = writeBeirFolder(path.join(tempDir, 'broken'), {
      corpus: [JSON.stringify({ _id: 'b1', title: 'Fine', text: 'a valid first line' }), '{"_id": "b2", "title": broken'],
    });
    await page.goto(`${server.url}#/datasets`);
    await expect.poll(() => datasetRow('e2e-tiny').count()).toBe(1);
    await importThroughForm(folder, 'e2e-broken');
    await expect.poll(() => importJob().getAttribute('data-state')).toMatch(/^(done|failed)$/);
    expect(await importJob().getAttribute('data-state')).toBe('failed');
    const failure = importJob();
    expect(await failure.textContent()).toContain('Import e2e-broken failed');
    const message = failure.getByRole('alert');
    expect(await message.textContent()).toContain('corpus.jsonl:2');
    expect(await message.isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/datasets-import-failed.png' });
    expect(await datasetRow('e2e-broken').count()).toBe(0);
    // pins, cranfield, e2e-tiny and e2e-csv: the broken import added nothing.
    expect(await page.getByTestId('dataset-row').count()).toBe(4);
    // The failure belongs to the import, not to the backend: it keeps answering and did not list the dataset.
    expect(await backendAnswers(), `relwb serve stopped after a failed import:\n${server.output()}`).toBe(true);
    const names = await page.evaluate(async () => {
      const response = await fetch('/api/datasets.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return ((await response.json()) as { result: { name: string }[] }).result.map((dataset) => dataset.name);
    });
    expect(names).not.toContain('e2e-broken');
    expect(pageErrors).toEqual([]);
  });

  it('checks the form before starting: a taken name at once, a missing folder in plain words', async () => {
    await page.goto(`${server.url}#/datasets`);
    await expect.poll(() => datasetRow('e2e-tiny').count()).toBe(1);
    await page.getByLabel('Folder on this computer').fill(path.join(tempDir, 'tiny'));
    await page.getByLabel('Name', { exact: true }).fill('e2e-tiny');
    await expect.poll(() => page.locator('#import-name-taken').textContent()).toContain('A dataset named “e2e-tiny” already exists');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    const missing = path.join(tempDir, 'no-such-folder');
    await importThroughForm(missing, 'e2e-missing');
    await expect.poll(() => page.getByTestId('import-status').textContent()).toContain(`Import not started: nothing at "${missing}": check the folder path`);
    expect(await page.getByTestId('import-status').textContent()).not.toContain('ENOENT');
    expect(await datasetRow('e2e-missing').count()).toBe(0);
  });

  it('keeps failures from before the page opened out of the banners and lists them under Jobs', async () => {
    await page.goto(`${server.url}#/search`);
    await page.reload();
    await expect.poll(() => page.locator('select[aria-label="Dataset"] option').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="job"][data-state="failed"]').count()).toBe(0);
    const button = page.getByTestId('job-history-button');
    expect(await button.textContent()).toContain('1 failed');
    await button.click();
    const failed = page.locator('[data-testid="job-history-item"][data-state="failed"]');
    expect(await failed.count()).toBe(1);
    expect(await failed.textContent()).toContain('Import e2e-broken');
    expect(await failed.textContent()).toContain('corpus.jsonl:2');
    expect(await page.locator('[data-testid="job-history-item"][data-state="done"]').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: 'test-results/jobs-history.png' });
    await button.click();
  });

  it('deletes a dataset only after confirming, with its counts in the question', async () => {
    await page.goto(`${server.url}#/datasets`);
    await expect.poll(() => datasetRow('e2e-csv').count()).toBe(1);
    await page.getByRole('button', { name: 'Delete e2e-csv' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm deleting e2e-csv' });
    expect(await confirm.textContent()).toContain('Delete 3 documents, 2 queries and 0 judgments?');
    await page.screenshot({ path: 'test-results/datasets-delete-confirm.png' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await datasetRow('e2e-csv').count()).toBe(1);
    await page.getByRole('button', { name: 'Delete e2e-csv' }).click();
    await page.getByRole('group', { name: 'Confirm deleting e2e-csv' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => datasetRow('e2e-csv').count()).toBe(0);
    expect(await page.getByTestId('datasets-notice').textContent()).toBe('Deleted e2e-csv.');
    expect(await datasetRow('e2e-tiny').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
