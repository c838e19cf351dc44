import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('relwb judgments import / relwb export', () => {
  const tempDir = useTempDirs();

  it('imports, refuses a bad file with file:line, is idempotent, and exports qrels and a split', async () => {
    const dir = tempDir();
    const data = ['--data-dir', path.join(dir, 'data')];
    expect((await cli([...data, 'import', '--format', 'beir', writeBeirFolder(path.join(dir, 'beir')), '--name', 'tiny'])).code).toBe(0);

    const quepid = path.join(dir, 'ratings.csv');
    fs.writeFileSync(quepid, 'query,docid,rating\nboundary layer heat,d2,3\nwing flutter,d1,2\nwing flutter,d3,0\n');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'query,docid,rating\nwing flutter,d1,2\nwing flutter,d3,high\n');
    const refused = await cli([...data, 'judgments', 'import', 'tiny', '--format', 'quepid-csv', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${bad}:3: rating: level "high" is not a number`);

    const first = await cli([...data, 'judgments', 'import', 'tiny', '--format', 'quepid-csv', quepid, '--source', 'quepid']);
    expect(first.stdout).toContain('imported 3 judgments from ratings.csv as source "quepid" on scale trec-0-3');
    // The import ran as a job: its phases on stderr, in order, as train prints its own.
    expect(first.stderr).toMatch(/validating lines…\n[^]*checking documents…\n[^]*writing judgments…\n/);
    const again = await cli([...data, 'judgments', 'import', 'tiny', '--format', 'quepid-csv', quepid, '--source', 'quepid']);
    expect(again.stdout).toContain('already imported');

    const out = path.join(dir, 'out.qrels');
    const exported = await cli([...data, 'export', 'tiny', '--format', 'qrels', '--source', 'quepid', '--out', out]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/reading judgments…\n[^]*writing rows…\n/);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n').sort()).toEqual(['q1 0 d2 3', 'q2 0 d1 2', 'q2 0 d3 0']);

    const split = await cli([...data, 'export', 'tiny', '--format', 'beir', '--source', 'quepid', '--out', path.join(dir, 'split'), '--split', '50/0/50', '--seed', '4']);
    expect(split.stdout).toMatch(/train: 1 queries/);
    expect(split.stdout).toMatch(/test: 1 queries/);
    expect(fs.readdirSync(path.join(dir, 'split')).sort()).toEqual(['test.tsv', 'train.tsv', 'validation.tsv']);

    expect((await cli([...data, 'export', 'tiny', '--format', 'nope', '--out', out])).code).toBe(2);
  }, 120_000);
});
