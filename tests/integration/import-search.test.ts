import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';
import { withWorkbench } from '../helpers/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');

describe('import → index → search', () => {
  const tempDir = useTempDirs();

  it('imports Cranfield from the shared collection and finds its relevant documents with BM25', async () => {
    const dataDir = tempDir();
    await withWorkbench(dataDir, async (workbench) => {
      const summary = await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
      expect(summary).toMatchObject({ name: 'cran', layout: 'list', docCount: 1398, queryCount: 225, qrelCount: 1836 });
      expect(summary.indexedAt).not.toBeNull();

      // Query 1 of Cranfield: its judged-relevant documents include 184, 29, 31, 12, 51, 102…
      const response = await workbench.search.search({
        dataset: 'cran',
        text: 'what similarity laws must be obeyed when constructing aeroelastic models of heated high speed aircraft',
        k: 10,
        variant: 'bm25',
      });
      expect(response.results).toHaveLength(10);
      expect(response.results.map((result) => result.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const scores = response.results.map((result) => result.score!);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const relevant = new Set(['184', '29', '31', '12', '51', '102', '13', '14', '15', '57', '378', '859', '185', '30', '37', '52', '142', '195', '875', '56', '66', '95', '462', '497', '858', '876', '879', '880', '486']);
      expect(response.results.filter((result) => relevant.has(result.id)).length).toBeGreaterThanOrEqual(4);
    });
    // Everything acknowledged is on disk: a new process (here: a new workbench) sees it.
    await withWorkbench(dataDir, async (workbench) => {
      expect(workbench.datasets.list().map((dataset) => dataset.name)).toEqual(['cran']);
      expect((await workbench.search.search({ dataset: 'cran', text: 'shock wave', k: 3, variant: 'bm25' })).results).toHaveLength(3);
    });
  });

  it('leaves nothing behind when a BEIR folder is malformed', async () => {
    const dataDir = tempDir();
    const broken = writeBeirFolder(tempDir(), { qrels: ['query-id\tcorpus-id\tscore', 'q1\td2\t1', 'q1\tnope\t1'] });
    await withWorkbench(dataDir, async (workbench) => {
      await expect(workbench.datasets.startImport({ format: 'beir', path: broken, name: 'broken' }).finished).rejects.toThrow(
        `${path.join(broken, 'qrels', 'test.tsv')}:3: corpus-id: unknown document id "nope"`,
      );
      expect(workbench.datasets.list()).toEqual([]);
      expect(workbench.ctx.jobs.list()[0]).toMatchObject({ state: 'failed', error: { code: 'IMPORT_UNKNOWN_ID', line: 3 } });
    });
    const lance = await import('@lancedb/lancedb');
    const db = await lance.connect(path.join(dataDir, 'lance'));
    expect(await db.tableNames()).toEqual([]);
    db.close();
    expect(fs.existsSync(path.join(dataDir, 'media')) ? fs.readdirSync(path.join(dataDir, 'media')) : []).toEqual([]);
  });

  it('refuses a second dataset with the same name and an unknown dataset', async () => {
    await withWorkbench(tempDir(), async (workbench) => {
      const dir = writeBeirFolder(tempDir());
      await workbench.datasets.startImport({ format: 'beir', path: dir, name: 'tiny' }).finished;
      // Checked before any job starts: the caller hears at once, and no failed job is left behind.
      const jobsBefore = workbench.ctx.jobs.list().length;
      expect(() => workbench.datasets.startImport({ format: 'beir', path: dir, name: 'tiny' })).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
      expect(() => workbench.datasets.startImport({ format: 'beir', path: path.join(dir, 'nope'), name: 'other' })).toThrow(
        `nothing at "${path.join(dir, 'nope')}": check the folder path`,
      );
      expect(() => workbench.datasets.startImport({ format: 'beir', path: path.join(dir, 'corpus.jsonl'), name: 'other' })).toThrow('is a file; a beir import reads a folder');
      expect(() => workbench.datasets.startImport({ format: 'csv', path: dir, name: 'other', mapping: { id: 'id', title: 'title' } })).toThrow('is a folder; a csv import reads one file');
      expect(workbench.ctx.jobs.list()).toHaveLength(jobsBefore);
      await expect(workbench.search.search({ dataset: 'nope', text: 'x', k: 1, variant: 'bm25' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(workbench.datasets.list()).toHaveLength(1);
    });
  });

  it('reports progress events for an import and rebuilds the index on request', async () => {
    await withWorkbench(tempDir(), async (workbench) => {
      const phases: string[] = [];
      workbench.subscribe((event) => event.type === 'job' && phases.push(`${event.job.state}:${event.job.phase}`));
      await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(tempDir()), name: 'tiny' }).finished;
      expect(phases[0]).toBe('running:starting');
      expect(phases).toContain('running:building BM25 index (search_text)');
      expect(phases.at(-1)).toBe('done:done');

      const reindexed = await workbench.datasets.startReindex('tiny').finished;
      expect(reindexed.docCount).toBe(3);
      expect((await workbench.search.search({ dataset: 'tiny', text: 'flutter', k: 5, variant: 'bm25' })).results[0].id).toBe('d1');
    });
  });

  it('drops LanceDB tables left by an import that never finished', async () => {
    const dataDir = tempDir();
    await withWorkbench(dataDir, async (workbench) => {
      await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(tempDir()), name: 'kept' }).finished;
    });
    const lance = await import('@lancedb/lancedb');
    const db = await lance.connect(path.join(dataDir, 'lance'));
    await db.createTable('ds_orphan', [{ id: 'x' }]);
    fs.mkdirSync(path.join(dataDir, 'media', 'ds_orphan'), { recursive: true });
    db.close();
    await withWorkbench(dataDir, async (workbench) => {
      expect(workbench.datasets.list().map((dataset) => dataset.name)).toEqual(['kept']);
    });
    const reopened = await lance.connect(path.join(dataDir, 'lance'));
    expect(await reopened.tableNames()).toHaveLength(1);
    expect(fs.existsSync(path.join(dataDir, 'media', 'ds_orphan'))).toBe(false);
    reopened.close();
  });
});
