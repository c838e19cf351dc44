import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntimeContext } from '../../core/context/runtime-context';
import { createDatasetsService } from '../../core/datasets/service';
import { DEFAULT_DEVICE } from '../../core/runtime/config';
import type { Workbench } from '../../core/workbench';
import { runCliProcess } from '../helpers/cli-process';
import { useTempDirs } from '../helpers/temp-dir';
import { withWorkbench } from '../helpers/workbench';

const FIRST = [
  { id: 'd1', text: 'flutter of a swept wing at transonic speed' },
  { id: 'd2', text: 'heat transfer in a laminar boundary layer' },
  { id: 'd3', text: 'oblique shock waves on a wedge in supersonic flow' },
];
const ADDED = [
  { id: 'n1', text: 'an orchid flower in a clay pot' },
  { id: 'n2', text: 'violin orchestra symphony concert' },
];
const MAP = ['--map', 'id=id,text=text'];
const jsonl = (docs: object[]) => docs.map((doc) => JSON.stringify(doc)).join('\n') + '\n';

const lanceTables = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'lance')).filter((entry) => entry.endsWith('.lance'));

/** SQLite and LanceDB agree, nothing half-added is found by any retriever, and no operation is left open. */
async function expectConsistent(workbench: Workbench, name: string, ids: string[]): Promise<void> {
  const dataset = workbench.datasets.require(name);
  const table = await workbench.ctx.lance.openTable(dataset.lanceTable);
  expect(await table.countRows()).toBe(dataset.docCount);
  expect(dataset.docCount).toBe(ids.length);
  for (const variant of ['bm25', 'dense-glove', 'hybrid-rrf']) {
    const found = (await workbench.search.rank({ dataset: name, text: 'orchid flower violin concert', k: 10, variant })).ranked.map((hit) => hit.doc.id);
    expect(found.filter((id) => !ids.includes(id))).toEqual([]);
  }
  expect(workbench.ctx.store.operations.list()).toEqual([]);
}

describe('a process killed mid-write (kill -9) leaves nothing half-done after the next start', () => {
  const tempDir = useTempDirs();

  const setUp = async () => {
    const dataDir = tempDir();
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'first.jsonl'), jsonl(FIRST));
    fs.writeFileSync(path.join(folder, 'added.jsonl'), jsonl(ADDED));
    const imported = await runCliProcess(['--data-dir', dataDir, 'import', '--format', 'jsonl', path.join(folder, 'first.jsonl'), '--name', 'grow', ...MAP]);
    expect(imported).toMatchObject({ code: 0 });
    return { dataDir, added: path.join(folder, 'added.jsonl'), first: path.join(folder, 'first.jsonl') };
  };

  const killedAt = async (point: string, args: string[]) => {
    const result = await runCliProcess(args, { env: { RELWB_TEST_CRASH_AT: point } });
    // The kill happened where it was asked for, not earlier or never.
    expect(result.stderr).toContain(`SIGKILL at ${point}`);
    expect(result.signal).toBe('SIGKILL');
  };

  it.each(['append:before-write', 'append:reading and embedding documents', 'append:updating indexes', 'append:before-commit'])(
    'rolls back an append killed at %s, and the same file can be added again',
    async (point) => {
      const { dataDir, added } = await setUp();
      await killedAt(point, ['--data-dir', dataDir, 'datasets', 'add', 'grow', '--format', 'jsonl', added, ...MAP]);
      await withWorkbench(dataDir, async (workbench) => {
        expect(workbench.ctx.access).toBe('write');
        await expectConsistent(workbench, 'grow', ['d1', 'd2', 'd3']);
        const again = await workbench.datasets.startAppend({ format: 'jsonl', path: added, name: 'grow', mapping: { id: 'id', text: 'text' } }).finished;
        expect(again.added).toBe(2);
        await expectConsistent(workbench, 'grow', ['d1', 'd2', 'd3', 'n1', 'n2']);
      });
    },
  );

  it('rolls back a re-index killed while it rebuilds the indexes', async () => {
    const { dataDir } = await setUp();
    await killedAt('reindex:building BM25 index (title)', ['--data-dir', dataDir, 'index', 'grow']);
    await withWorkbench(dataDir, async (workbench) => {
      await expectConsistent(workbench, 'grow', ['d1', 'd2', 'd3']);
      expect((await workbench.search.rank({ dataset: 'grow', text: 'boundary layer', k: 3, variant: 'bm25' })).ranked[0].doc.id).toBe('d2');
      await expect(workbench.datasets.startReindex('grow').finished).resolves.toMatchObject({ docCount: 3 });
    });
  });

  it('drops the table of an import killed before its commit, so the name can be imported again', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'first.jsonl');
    fs.writeFileSync(file, jsonl(FIRST));
    await killedAt('import:before-commit', ['--data-dir', dataDir, 'import', '--format', 'jsonl', file, '--name', 'grow', ...MAP]);
    expect(lanceTables(dataDir)).toHaveLength(1);
    await withWorkbench(dataDir, async (workbench) => {
      expect(workbench.datasets.list()).toEqual([]);
      expect(lanceTables(dataDir)).toEqual([]);
      await workbench.datasets.startImport({ format: 'jsonl', path: file, name: 'grow', mapping: { id: 'id', text: 'text' } }).finished;
      await expectConsistent(workbench, 'grow', ['d1', 'd2', 'd3']);
    });
  });

  it('finishes a removal killed after its SQLite commit', async () => {
    const { dataDir } = await setUp();
    await killedAt('remove:after-commit', ['--data-dir', dataDir, 'datasets', 'delete', 'grow', '--yes']);
    expect(lanceTables(dataDir)).toHaveLength(1);
    await withWorkbench(dataDir, async (workbench) => {
      expect(workbench.datasets.list()).toEqual([]);
      expect(lanceTables(dataDir)).toEqual([]);
      expect(workbench.ctx.store.operations.list()).toEqual([]);
    });
  });
});

describe('a failed import', () => {
  const tempDir = useTempDirs();

  it('leaves no table and no rows at once, even after several batches were written', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'docs.jsonl');
    const good = Array.from({ length: 9 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `document number ${i} about wings` }));
    fs.writeFileSync(file, [...good, '{"id": "broken",'].join('\n') + '\n');
    const ctx = await openRuntimeContext({ dataDir, device: DEFAULT_DEVICE, version: 'test' });
    try {
      // Batches of 2: four writes land (or are in flight) before line 10 fails.
      const datasets = await createDatasetsService(ctx, { importBatchSize: 2 });
      await expect(datasets.startImport({ format: 'jsonl', path: file, name: 'bad', mapping: { id: 'id', text: 'text' } }).finished).rejects.toThrow(`${file}:10`);
      expect(lanceTables(dataDir)).toEqual([]);
      expect(datasets.list()).toEqual([]);
      expect(ctx.store.operations.list()).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
