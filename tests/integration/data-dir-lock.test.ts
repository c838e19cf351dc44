import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli-process';
import { useTempDirs } from '../helpers/temp-dir';
import { withWorkbench } from '../helpers/workbench';

const DOCS = [
  { id: 'd1', text: 'flutter of a swept wing at transonic speed' },
  { id: 'd2', text: 'heat transfer in a laminar boundary layer' },
];
const MAPPING = { id: 'id', text: 'text' };
const busy = (pid: number) => `the app is running (pid ${pid}) — close it or use its window`;

describe('one writer per data dir', () => {
  const tempDir = useTempDirs();

  const writeDocs = () => {
    const file = path.join(tempDir(), 'docs.jsonl');
    fs.writeFileSync(file, DOCS.map((doc) => JSON.stringify(doc)).join('\n') + '\n');
    return file;
  };

  it("a second process attaches read-only while another imports, and never removes the live import's table", async () => {
    const dataDir = tempDir();
    const file = writeDocs();
    let resumed = false;
    // The importing process stops just before its commit: its table exists and no dataset row owns it yet.
    const importing = runCliProcess(['--data-dir', dataDir, 'import', '--format', 'jsonl', file, '--name', 'live', '--map', 'id=id,text=text'], {
      env: { RELWB_TEST_PAUSE_AT: 'import:before-commit' },
      onStderr: (stderr, pid) => {
        if (resumed || !stderr.includes('SIGSTOP at import:before-commit')) return;
        resumed = true;
        void (async () => {
          await withWorkbench(dataDir, async (reader) => {
            expect(reader.ctx.access).toBe('read');
            expect(reader.datasets.list()).toEqual([]);
            expect(() => reader.datasets.startImport({ format: 'jsonl', path: file, name: 'other', mapping: MAPPING })).toThrow(busy(pid));
            expect(() => reader.variants.save({ name: 'mine', retrievers: [{ kind: 'bm25' }] })).toThrow(busy(pid));
          });
          process.kill(pid, 'SIGCONT');
        })().catch((error: unknown) => {
          process.kill(pid, 'SIGKILL');
          throw error;
        });
      },
    });
    const result = await importing;
    expect(resumed).toBe(true);
    expect(result).toMatchObject({ code: 0, stdout: 'imported live: 2 documents, 0 queries, 0 judgments\n' });
    await withWorkbench(dataDir, async (writer) => {
      expect(writer.ctx.access).toBe('write');
      expect((await writer.search.rank({ dataset: 'live', text: 'boundary layer', k: 2, variant: 'bm25' })).ranked[0].doc.id).toBe('d2');
    });
  });

  it('lets another process list and search while this one writes, and refuses its writes with the reason', async () => {
    const dataDir = tempDir();
    const file = writeDocs();
    await withWorkbench(dataDir, async (writer) => {
      await writer.datasets.startImport({ format: 'jsonl', path: file, name: 'docs', mapping: MAPPING }).finished;
      const listed = await runCliProcess(['--data-dir', dataDir, 'datasets', 'list', '--json']);
      expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'docs', docCount: 2 }]);
      const searched = await runCliProcess(['--data-dir', dataDir, 'search', 'docs', 'wing flutter', '--json']);
      expect(JSON.parse(searched.stdout).results[0]).toMatchObject({ id: 'd1' });
      const refused = await runCliProcess(['--data-dir', dataDir, 'datasets', 'delete', 'docs', '--yes']);
      expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining(busy(process.pid)) });
      expect(writer.datasets.list().map((dataset) => dataset.name)).toEqual(['docs']);
    });
    // The writer closed: the next process writes.
    await withWorkbench(dataDir, async (next) => {
      expect(next.ctx.access).toBe('write');
      await next.datasets.remove('docs');
      expect(next.datasets.list()).toEqual([]);
    });
  });
});
