import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main';
import { openWorkbench } from '../../core/workbench';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('relwb CLI', () => {
  const tempDir = useTempDirs();

  it('prints global and per-command help', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'import', 'datasets list', 'index', 'search', 'run', 'eval', 'compare', 'models list', 'variants create']) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    const searchHelp = await cli(['search', '--help']);
    expect(searchHelp.stdout).toContain('usage: relwb search NAME "text" [--variant V] [-k N] [--explain] [--json]');
  });

  it('rejects unknown commands and flags with exit code 2', async () => {
    const unknown = await cli(['datasets', 'drop']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "datasets drop"');
    const flag = await cli(['--data-dir', tempDir(), 'search', 'x', 'y', '--fast']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--fast'");
    expect((await cli(['search', 'x', 'y', '-k', 'many', '--data-dir', tempDir()])).stderr).toContain('-k must be a positive integer');
  });

  it('imports, lists and searches a dataset in the folder given by --data-dir', async () => {
    const dataDir = tempDir();
    const imported = await cli(['--data-dir', dataDir, 'datasets', 'import', '--format', 'beir', writeBeirFolder(tempDir()), '--name', 'tiny']);
    expect(imported.stderr).toContain('building BM25 index (search_text)…');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('imported tiny: 3 documents, 2 queries, 3 judgments\n');

    const listed = await cli(['datasets', 'list', '--json', `--data-dir=${dataDir}`]);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'tiny', docCount: 3, queryCount: 2, qrelCount: 3 }]);

    const found = await cli(['--data-dir', dataDir, 'search', 'tiny', 'heat boundary', '-k', '2', '--json']);
    const response = JSON.parse(found.stdout);
    expect(response.results[0]).toMatchObject({ rank: 1, id: 'd2' });
    expect(response.results.length).toBeLessThanOrEqual(2);

    const text = await cli(['--data-dir', dataDir, 'search', 'tiny', 'wing']);
    expect(text.stdout).toMatch(/^\s+1\s+\d+\.\d{4}\s+d1\s+Wing flutter\n$/);

    const reindexed = await cli(['--data-dir', dataDir, 'index', 'tiny']);
    expect(reindexed.stdout).toBe('indexed tiny: 3 documents (vector index: flat)\n');
  });

  it('reports a malformed import with file:line and exit code 2, and keeps nothing', async () => {
    const dataDir = tempDir();
    const broken = writeBeirFolder(tempDir(), { queries: ['{"_id": "q1", "text": "ok"}', '{"_id": "q2"}'] });
    const result = await cli(['--data-dir', dataDir, 'datasets', 'import', '--format', 'beir', broken, '--name', 'bad']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('queries.jsonl:2: text:');
    expect(JSON.parse((await cli(['--data-dir', dataDir, 'datasets', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('deletes a dataset only with --yes, with its table, media and rows', async () => {
    const dataDir = tempDir();
    await cli(['--data-dir', dataDir, 'import', '--format', 'beir', writeBeirFolder(tempDir()), '--name', 'tiny']);
    const unconfirmed = await cli(['--data-dir', dataDir, 'datasets', 'delete', 'tiny']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('this deletes "tiny": 3 documents, 2 queries, 3 judgments; pass --yes to confirm');
    expect((await cli(['--data-dir', dataDir, 'datasets', 'list', '--json'])).stdout).toContain('"tiny"');
    const lanceTables = () => fs.readdirSync(path.join(dataDir, 'lance')).filter((entry) => entry.endsWith('.lance'));
    expect(lanceTables()).toHaveLength(1);
    const deleted = await cli(['--data-dir', dataDir, 'datasets', 'delete', 'tiny', '--yes']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'deleted dataset tiny\n' });
    expect(JSON.parse((await cli(['--data-dir', dataDir, 'datasets', 'list', '--json'])).stdout)).toEqual([]);
    expect(lanceTables()).toEqual([]);
    expect((await cli(['--data-dir', dataDir, 'datasets', 'delete', 'tiny', '--yes'])).stderr).toContain('no dataset named "tiny"');
  });

  it('does not bring back a deleted demo dataset at the next start', async () => {
    const dataDir = tempDir();
    const workbench = await openWorkbench({ dataDir });
    await workbench.datasets.ensureBundledDatasets();
    expect(workbench.datasets.list().map((dataset) => dataset.name).sort()).toEqual(['cranfield', 'pins']);
    await workbench.datasets.remove('pins');
    await workbench.close();
    const reopened = await openWorkbench({ dataDir });
    await reopened.datasets.ensureBundledDatasets();
    expect(reopened.datasets.list().map((dataset) => dataset.name)).toEqual(['cranfield']);
    await reopened.close();
  }, 60_000);

  it('names an unknown dataset', async () => {
    const result = await cli(['--data-dir', tempDir(), 'search', 'ghost', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('relwb: no dataset named "ghost"\n');
  });
});
