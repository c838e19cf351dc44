import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { cliCaller } from '../../core/runtime/caller';
import type { JobSnapshot } from '../../core/runtime/jobs';
import { openWorkbench, type Workbench } from '../../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const QRELS = path.join(CRANFIELD, 'golden', 'qrels.trec');
const MAP = { '0': 1, '1': 2, '2': 3, '3': 4, '4': 5 };
const lead = cliCaller();

/** Judgment imports and exports as jobs: progress through the job registry, the same reports and errors as the direct calls. */
describe('judgment import and export jobs', () => {
  let workbench: Workbench;
  let dir: string;
  /** Every job event, in the order the registry published them. */
  const events: JobSnapshot[] = [];
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>) => dispatch(workbench.handlers, method, args, lead) as Promise<ResultOf<M>>;
  const eventsOf = (id: string) => events.filter((job) => job.id === id);
  /** Resolves with the job's last snapshot once it is done or failed. */
  const settled = (id: string) =>
    new Promise<JobSnapshot>((resolve) => {
      const check = () => {
        const job = workbench.ctx.jobs.get(id);
        if (job && job.state !== 'running') resolve(job);
        else setTimeout(check, 20);
      };
      check();
    });
  /** The phases a job went through, each once, in order. */
  const phases = (id: string) => eventsOf(id).map((job) => job.phase).filter((phase, index, all) => phase !== all[index - 1]);
  /** Within each phase, `done` never goes back. */
  const expectMonotonic = (id: string) => {
    const list = eventsOf(id);
    for (let i = 1; i < list.length; i++) if (list[i]!.phase === list[i - 1]!.phase) expect(list[i]!.done).toBeGreaterThanOrEqual(list[i - 1]!.done);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-jjobs-'));
    workbench = await openWorkbench({ dataDir: path.join(dir, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
    workbench.subscribe((event) => {
      if (event.type === 'job') events.push(event.job);
    });
  }, 180_000);
  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports 1,836 qrels as a job: lines validated, documents checked, judgments written, and the direct import\'s report', async () => {
    const { job } = await call('judgments.startImport', { dataset: 'cran', format: 'qrels', path: QRELS, source: 'by-job', scale: 'five-level', mapping: MAP });
    expect(job.state).toBe('running');
    const last = await settled(job.id);
    expect(last).toMatchObject({ state: 'done', error: null });
    expect(phases(job.id)).toEqual(['starting', 'reading the file', 'validating lines', 'checking documents', 'writing judgments', 'done']);
    expectMonotonic(job.id);
    const validating = eventsOf(job.id).filter((event) => event.phase === 'validating lines');
    expect(validating.at(-1)).toMatchObject({ done: 1836, total: 1836, unit: 'lines' });
    expect(eventsOf(job.id).filter((event) => event.phase === 'writing judgments').at(-1)).toMatchObject({ done: 1836, total: 1836, unit: 'judgments' });

    const report = await call('judgments.importReport', { job: job.id });
    const direct = await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: QRELS, source: 'direct', scale: 'five-level', mapping: MAP }, lead);
    const comparable = (entry: typeof report) => ({ ...entry, import: { ...entry.import, id: 0, source: '', importedAt: '' } });
    expect(comparable(report)).toEqual(comparable(direct));
    expect(report.import).toMatchObject({ source: 'by-job', judgments: 1836, importedBy: 'cli' });
  });

  it('fails an import job with the same code, message and file:line:field as the direct import, writing nothing', async () => {
    const lines = fs.readFileSync(QRELS, 'utf8').trim().split('\n');
    lines[1500] = lines[1500]!.replace(/\S+$/, 'x');
    const bad = path.join(dir, 'bad.qrels');
    fs.writeFileSync(bad, `${lines.join('\n')}\n`);
    const before = workbench.judgmentImports.list('cran').length;

    const { job } = await call('judgments.startImport', { dataset: 'cran', format: 'qrels', path: bad, source: 'bad', scale: 'five-level', mapping: MAP });
    const last = await settled(job.id);
    const direct = await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: bad, source: 'bad', scale: 'five-level', mapping: MAP }, lead).catch((error: unknown) => error);
    expect(direct).toMatchObject({ code: 'IMPORT_BAD_LINE', location: { file: bad, line: 1501, field: 'relevance' } });
    expect(last.state).toBe('failed');
    expect(last.error).toEqual({ code: 'IMPORT_BAD_LINE', message: (direct as Error).message, file: bad, line: 1501, field: 'relevance' });
    expect(last.error!.message).toContain(`${bad}:1501: relevance:`);
    // The job got as far as the bad line and no further.
    expect(eventsOf(job.id).filter((event) => event.phase === 'validating lines').at(-1)!.done).toBeLessThanOrEqual(1501);
    expect(workbench.judgmentImports.list('cran')).toHaveLength(before);
    await expect(call('judgments.importReport', { job: job.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses before any job starts what cannot work: an unknown dataset', async () => {
    const count = workbench.ctx.jobs.list().length;
    await expect(call('judgments.startImport', { dataset: 'nope', format: 'qrels', path: QRELS })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('judgments.startExport', { dataset: 'nope', format: 'qrels', out: path.join(dir, 'x') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(workbench.ctx.jobs.list()).toHaveLength(count);
  });

  it('exports LETOR for 225 queries as a job: features computed query by query, rows written, and the direct export\'s report', async () => {
    const out = path.join(dir, 'job.letor');
    const { job } = await call('judgments.startExport', { dataset: 'cran', format: 'letor', source: 'by-job', variant: 'bm25', depth: 10, out });
    const last = await settled(job.id);
    expect(last).toMatchObject({ state: 'done', error: null });
    expect(phases(job.id)).toEqual(['starting', 'reading judgments', 'computing features', 'writing rows', 'done']);
    expectMonotonic(job.id);
    const computing = eventsOf(job.id).filter((event) => event.phase === 'computing features');
    expect(computing[0]).toMatchObject({ done: 0, total: 225, unit: 'queries' });
    expect(computing.at(-1)).toMatchObject({ done: 225, total: 225 });
    expect(computing.length).toBeGreaterThanOrEqual(2);

    const report = await call('judgments.exportReport', { job: job.id });
    const directOut = path.join(dir, 'direct.letor');
    const direct = await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format: 'letor', source: 'by-job', variant: 'bm25', depth: 10, out: directOut });
    expect({ ...report, files: [] }).toEqual({ ...direct, files: [] });
    expect(report.files).toEqual([out, `${out}.features.json`]);
    expect(report.rows).toBe(2250);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(directOut, 'utf8'));
    const writing = eventsOf(job.id).filter((event) => event.phase === 'writing rows');
    expect(writing.every((event) => event.unit === 'rows' && event.total === 0)).toBe(true);
  }, 120_000);
});
