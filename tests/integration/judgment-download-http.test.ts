import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../core/api/handlers';
import { startHttpServer, type HttpHost } from '../../core/host/http';
import { createWebAccess } from '../../core/host/web-access';
import { judgmentExchangeDownloads } from '../../core/judgment-exchange/api';
import { cliCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS, writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';

const SECRET = 'launch-secret-for-download-tests';
const LOCAL = { authorization: `Bearer ${SECRET}` };
const QUERIES = [['w1', 'wing lift'], ['n1', 'aircraft noise'], ['f1', 'protein folding'], ['s1', 'shock waves']].map(([id, text]) => JSON.stringify({ _id: id, text }));
const QRELS = ['w1 0 a1 2', 'w1 0 a2 1', 'w1 0 s1 0', 'n1 0 a3 2', 'n1 0 a1 0', 'f1 0 p1 2', 'f1 0 p2 1', 's1 0 s1 2'];

/** Web mode's download: the export streamed as one file (a tar for a split) to the local lead, and to nobody else. */
describe('downloading an export over HTTP', () => {
  const tempDir = useTempDirs();
  let workbench: Workbench;
  let host: HttpHost;
  let dir: string;
  let raterToken: string;
  let leadToken: string;

  beforeAll(async () => {
    dir = tempDir();
    workbench = await openWorkbench({ dataDir: path.join(dir, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(dir, 'beir'), { corpus: AERO_CORPUS, qrels: null, queries: QUERIES }), name: 'aero' }).finished;
    const qrels = path.join(dir, 'aero.qrels');
    fs.writeFileSync(qrels, `${QRELS.join('\n')}\n`);
    await workbench.judgmentImports.importFile({ dataset: 'aero', format: 'qrels', path: qrels, source: 'file', skipUnknown: false }, cliCaller());
    raterToken = workbench.raters.create({ name: 'remote rater', role: 'rater' }, cliCaller()).token;
    leadToken = workbench.raters.create({ name: 'remote lead', role: 'lead' }, cliCaller()).token;
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    host = await startHttpServer({
      handlers: createHandlers(workbench),
      subscribe: workbench.subscribe,
      resolveMediaFile: workbench.datasets.resolveMediaFile,
      staticDir,
      access: createWebAccess({ boundHost: '127.0.0.1', launchSecret: SECRET, resolveToken: workbench.raters.resolveToken }),
      downloads: judgmentExchangeDownloads(workbench),
    });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await workbench?.close();
  });

  const download = (args: unknown, headers: Record<string, string> = LOCAL) =>
    fetch(new URL(`api/download/judgments?args=${encodeURIComponent(JSON.stringify(args))}`, host.url), { headers });
  const leftovers = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('relwb-download-'));

  it('streams a single-file export as an attachment, the same bytes the CLI path writes, and removes its temporary files', async () => {
    const before = leftovers();
    const response = await download({ dataset: 'aero', format: 'qrels', source: 'file' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aero-qrels.qrels"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    const written = path.join(dir, 'written.qrels');
    await workbench.judgmentExports.exportJudgments({ dataset: 'aero', format: 'qrels', source: 'file', out: written });
    expect(body).toBe(fs.readFileSync(written, 'utf8'));
    expect(body.trim().split('\n').sort()).toEqual([...QRELS].sort());
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    await expect.poll(() => leftovers().filter((name) => !before.includes(name))).toEqual([]);
  });

  it('sends a split as a tar of its train/validation/test files', async () => {
    const response = await download({ dataset: 'aero', format: 'qrels', source: 'file', split: [0.5, 0.25, 0.25], seed: 3 });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aero-qrels-split.tar"');
    const archive = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(archive.length);
    const unpacked = tempDir();
    fs.writeFileSync(path.join(unpacked, 'split.tar'), archive);
    execFileSync('tar', ['-xf', 'split.tar'], { cwd: unpacked });
    const folder = path.join(dir, 'written-split');
    await workbench.judgmentExports.exportJudgments({ dataset: 'aero', format: 'qrels', source: 'file', split: [0.5, 0.25, 0.25], seed: 3, out: folder });
    for (const part of ['train', 'validation', 'test']) {
      expect(fs.readFileSync(path.join(unpacked, 'aero-qrels-split', `${part}.qrels`), 'utf8')).toBe(fs.readFileSync(path.join(folder, `${part}.qrels`), 'utf8'));
    }
  });

  it('refuses a rater\'s token and even a lead\'s token: only the launch key downloads', async () => {
    for (const token of [raterToken, leadToken]) {
      const response = await download({ dataset: 'aero', format: 'qrels', source: 'file' }, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('local lead');
    }
    expect((await download({ dataset: 'aero', format: 'qrels' }, {})).status).toBe(401);
  });

  it('keeps the Host, Origin and fetch-site checks', async () => {
    expect((await download({ dataset: 'aero', format: 'qrels', source: 'file' }, { ...LOCAL, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await download({ dataset: 'aero', format: 'qrels', source: 'file' }, { ...LOCAL, origin: 'http://evil.example' })).status).toBe(403);
  });

  it('answers bad arguments with 400 naming the field, before anything is sent', async () => {
    const response = await download({ dataset: 'aero', format: 'docx' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_ARGS', field: 'format' } });
    const unknown = await fetch(new URL('api/download/nothing', host.url), { headers: LOCAL });
    expect(unknown.status).toBe(404);
    const empty = await download({ dataset: 'aero', format: 'qrels', source: 'file', rater: 'nobody' });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'IMPORT_EMPTY' } });
  });
});
