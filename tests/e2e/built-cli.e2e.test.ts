import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CRANFIELD = path.resolve('../shared/datasets/cranfield');

/** The `relwb` bin after `npm run build` (global setup builds): the bundle, not the TypeScript sources. */
describe('built relwb command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bin-'));
  const relwb = (...args: string[]) => spawnSync(process.execPath, ['bin/relwb.cjs', '--data-dir', dataDir, ...args], { encoding: 'utf8' });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints its version and exits 2 on an unknown command', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, ['bin/relwb.cjs', '--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
    const unknown = relwb('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('imports, searches with a hybrid variant and writes a TREC run that relwb eval scores', () => {
    expect(relwb('import', '--format', 'beir', CRANFIELD, '--name', 'cran').status).toBe(0);
    const search = relwb('search', 'cran', 'boundary layer heat transfer', '--variant', 'hybrid-rrf', '-k', '3', '--json');
    expect(search.status).toBe(0);
    expect(JSON.parse(search.stdout).results).toHaveLength(3);
    const runFile = path.join(dataDir, 'bm25.trec');
    expect(relwb('run', 'cran', '--variant', 'bm25', '--out', runFile).status).toBe(0);
    const evaluated = relwb('eval', '-m', 'ndcg_cut.10', path.join(CRANFIELD, 'qrels', 'test.tsv'), runFile);
    expect(evaluated.stdout).toMatch(/^ndcg_cut_10\s+all\s+0\.3746\n$/);
  });
});
