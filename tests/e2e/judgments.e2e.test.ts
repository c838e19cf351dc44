import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();
const QRELS = path.resolve(__dirname, '../../../shared/datasets/cranfield/golden/qrels.trec');

/** Records every job status (its state and label) that appears inside `scope`, however briefly. */
async function watchJobs(page: Page, scope: string) {
  await page.evaluate((selector) => {
    const seen: string[] = [];
    (window as unknown as { seenJobs: string[] }).seenJobs = seen;
    const record = () => {
      for (const job of document.querySelectorAll(`${selector} [data-testid="job"]`)) seen.push(`${job.getAttribute('data-state')} ${job.textContent ?? ''}`);
    };
    new MutationObserver(record).observe(document.querySelector(selector)!, { subtree: true, childList: true, characterData: true, attributes: true });
  }, scope);
}
const seenJobs = (page: Page) => page.evaluate(() => (window as unknown as { seenJobs: string[] }).seenJobs);

describe.skipIf(!chromiumPath)('web mode judgments page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let scratch: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server, { width: 1280, height: 1000 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-judgments-e2e-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('imports qrels as a source through the form, previews the export and writes the same pairs back', async () => {
    await page.goto(`${server.url}#/judgments`);
    await expect.poll(() => page.locator('select[aria-label="Dataset"] option').count(), { timeout: 60_000 }).toBe(2);
    await page.selectOption('select[aria-label="Dataset"]', 'cranfield');

    const importForm = page.getByRole('form', { name: 'Import judgments' });
    await importForm.getByLabel('File', { exact: true }).fill(QRELS);
    await importForm.getByLabel('Source', { exact: true }).fill('cranfield-qrels');
    await importForm.getByRole('combobox', { name: 'Scale' }).selectOption('five-level');
    await importForm.getByLabel('Level mapping').fill('0=1, 1=2, 2=3, 3=4, 4=5');
    // A bad line fails the import job; the card shows the error with the file and line, and writes nothing.
    const bad = path.join(scratch, 'bad.qrels');
    fs.writeFileSync(bad, '1 0 184 2\n1 0 29 x\n');
    await importForm.getByLabel('File', { exact: true }).fill(bad);
    await importForm.getByRole('button', { name: 'Import' }).click();
    const importCard = page.locator('section[aria-labelledby="import-heading"]');
    await expect.poll(() => importCard.getByTestId('job').getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    expect(await importCard.getByRole('alert').textContent()).toContain(`${bad}:2: relevance: level "x" is not a number`);
    // The shell lists the failure too, until dismissed (so the screenshot below shows the page as it is used).
    await page.getByRole('button', { name: 'Dismiss: Import judgments from bad.qrels into cranfield failed' }).click();

    // The import runs as a job: its progress shows in the card (seen by an observer, it may be quick), then its report.
    await watchJobs(page, 'section[aria-labelledby="import-heading"]');
    await importForm.getByLabel('File', { exact: true }).fill(QRELS);
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 }).toContain('Imported 1836 judgments as source “cranfield-qrels” on scale five-level');
    expect(await seenJobs(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^(running|done) Import judgments from qrels\.trec into cranfield/)]));
    expect(await importCard.getByTestId('job').count()).toBe(0);
    expect(await importForm.getByRole('button', { name: 'Import' }).isEnabled()).toBe(true);

    const exportForm = page.getByRole('form', { name: 'Export judgments' });
    await exportForm.getByRole('combobox', { name: 'Judgments to export' }).selectOption('source:cranfield-qrels');
    await expect.poll(() => page.getByTestId('export-preview').textContent()).toContain('1836 judgments, 1836 labelled pairs, 225 queries');
    expect(await page.getByTestId('export-preview').textContent()).toContain('drops raters');
    const out = path.join(scratch, 'back.qrels');
    await exportForm.getByLabel(/^Write to/).fill(out);
    await watchJobs(page, 'section[aria-labelledby="export-heading"]');
    await exportForm.getByRole('button', { name: 'Export' }).click();
    await expect.poll(() => page.getByTestId('export-report').textContent(), { timeout: 30_000 }).toContain('Wrote 1836 rows');
    expect(await seenJobs(page)).toEqual(expect.arrayContaining([expect.stringMatching(/^(running|done) Export qrels of cranfield/)]));
    const normalized = (text: string) => text.trim().split('\n').map((line) => line.trim().split(/\s+/).join(' ')).sort();
    expect(normalized(fs.readFileSync(out, 'utf8'))).toEqual(normalized(fs.readFileSync(QRELS, 'utf8')));

    fs.mkdirSync('docs/images', { recursive: true });
    await page.screenshot({ path: 'docs/images/judgments.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('downloads the export in the browser (a tar for a split), and a rater\'s token cannot', async () => {
    // The first test imported the qrels as source "cranfield-qrels".
    const exportForm = page.getByRole('form', { name: 'Export judgments' });
    await exportForm.getByRole('combobox', { name: 'Judgments to export' }).selectOption('source:cranfield-qrels');
    await exportForm.getByRole('combobox', { name: 'Export format' }).selectOption('qrels');
    await exportForm.getByLabel(/^Split/).fill('');
    await expect.poll(() => page.getByTestId('export-preview').textContent()).toContain('1836 judgments');
    const [qrels] = await Promise.all([page.waitForEvent('download'), exportForm.getByRole('button', { name: 'Download' }).click()]);
    expect(qrels.suggestedFilename()).toBe('cranfield-qrels.qrels');
    const saved = path.join(scratch, 'downloaded.qrels');
    await qrels.saveAs(saved);
    const normalized = (text: string) => text.trim().split('\n').map((line) => line.trim().split(/\s+/).join(' ')).sort();
    expect(normalized(fs.readFileSync(saved, 'utf8'))).toEqual(normalized(fs.readFileSync(QRELS, 'utf8')));
    await expect.poll(() => page.getByTestId('download-report').textContent()).toContain('Downloaded cranfield-qrels.qrels');

    await exportForm.getByLabel(/^Split/).fill('70/15/15');
    const [tar] = await Promise.all([page.waitForEvent('download'), exportForm.getByRole('button', { name: 'Download' }).click()]);
    expect(tar.suggestedFilename()).toBe('cranfield-qrels-split.tar');
    const tarFile = path.join(scratch, 'split.tar');
    await tar.saveAs(tarFile);
    execFileSync('tar', ['-xf', tarFile, '-C', scratch]);
    const parts = ['train', 'validation', 'test'].map((part) => normalized(fs.readFileSync(path.join(scratch, 'cranfield-qrels-split', `${part}.qrels`), 'utf8')));
    expect(parts.flat().sort()).toEqual(normalized(fs.readFileSync(QRELS, 'utf8')));
    expect(parts.every((lines) => lines.length > 0)).toBe(true);

    // A rater's link reaches the API, not downloads.
    const issued = (await (await fetch(new URL('api/raters.create', server.url), { method: 'POST', headers: server.headers, body: JSON.stringify({ name: 'remote', role: 'lead' }) })).json()) as { result: { token: string } };
    const args = encodeURIComponent(JSON.stringify({ dataset: 'cranfield', format: 'qrels', source: 'cranfield-qrels' }));
    const refused = await fetch(new URL(`api/download/judgments?args=${args}`, server.url), { headers: { authorization: `Bearer ${issued.result.token}` } });
    expect(refused.status).toBe(403);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('puts side-by-side answers into a prefs download, for one comparison picked in the form, and leaves them out when unticked', async () => {
    const api = async (method: string, args: unknown) => {
      const body = (await (await fetch(new URL(`api/${method}`, server.url), { method: 'POST', headers: server.headers, body: JSON.stringify(args) })).json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result as never;
    };
    await expect.poll(async () => ((await api('jobs.list', {})) as { state: string }[]).every((job) => job.state !== 'running'), { timeout: 60_000 }).toBe(true);
    const querySet = (await api('querySets.create', { dataset: 'cranfield', name: 'sbs', source: { kind: 'list', lines: ['1\twing slipstream lift', '2\tboundary layer heat transfer'] } })) as { id: number };
    const sides = { a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' } };
    const comparison = (await api('comparisons.create', { name: 'bm25 vs dense', dataset: 'cranfield', querySet: querySet.id, ...sides, depth: 5, blind: false, seed: 1 })) as { id: number };
    // Not blind: the left side is A. The lead answers as a participant.
    for (const queryId of ['1', '2']) await api('comparisons.prefer', { comparison: comparison.id, queryId, choice: 'left-much-better' });

    await page.reload();
    await page.selectOption('select[aria-label="Dataset"]', 'cranfield');
    const exportForm = page.getByRole('form', { name: 'Export judgments' });
    await exportForm.getByRole('combobox', { name: 'Export format' }).selectOption('prefs');
    await exportForm.getByRole('combobox', { name: 'Comparison' }).selectOption({ label: 'bm25 vs dense' });
    await expect.poll(() => page.getByTestId('export-preview').textContent()).toMatch(/[1-9]\d* side-by-side document preferences/);
    const [prefs] = await Promise.all([page.waitForEvent('download'), exportForm.getByRole('button', { name: 'Download' }).click()]);
    const saved = path.join(scratch, 'sbs.prefs');
    await prefs.saveAs(saved);
    const lines = fs.readFileSync(saved, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    // Only the comparison's answers (its task has no grades): one group per rater, comparison and query.
    expect(lines.every((line) => new RegExp(`^[12] \\S+\\.cmp${comparison.id} sbs \\S+ [12]$`).test(line))).toBe(true);

    await exportForm.getByLabel('side-by-side preferences').uncheck();
    await expect.poll(() => page.getByTestId('export-preview').textContent()).not.toContain('side-by-side document preferences');
    await expect(exportForm.getByRole('button', { name: 'Download' }).isDisabled()).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
