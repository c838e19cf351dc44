import { describe, expect, it } from 'vitest';
import { createEventBus, type WorkbenchEvent } from '../../../core/runtime/events';
import { createJobRegistry, FINISHED_JOBS_KEPT, jobsWithResults } from '../../../core/runtime/jobs';

describe('job registry', () => {
  it('publishes start, phases and the end with times from its clock', async () => {
    const events = createEventBus();
    const seen: WorkbenchEvent[] = [];
    events.subscribe((event) => seen.push(event));
    let tick = 0;
    const jobs = createJobRegistry(events, () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)));
    const { job, finished } = jobs.start('Import x', async (report) => {
      report('reading', 5, 10, 'documents');
      return 'ok';
    });
    expect(job).toMatchObject({ state: 'running', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null });
    expect(await finished).toBe('ok');
    const snapshots = seen.flatMap((event) => (event.type === 'job' ? [event.job] : []));
    expect(snapshots.map((snapshot) => `${snapshot.state}:${snapshot.phase}:${snapshot.unit}`)).toEqual(['running:starting:steps', 'running:reading:documents', 'done:done:documents']);
    expect(jobs.get(job.id)).toMatchObject({ state: 'done', done: 10, total: 10, finishedAt: '2026-01-01T00:00:01.000Z' });
  });

  it('records a failure on the job and still rejects for whoever waits', async () => {
    const jobs = createJobRegistry(createEventBus());
    const { job, finished } = jobs.start('Broken', async () => {
      throw new Error('bad line');
    });
    await expect(finished).rejects.toThrow('bad line');
    expect(jobs.get(job.id)).toMatchObject({ state: 'failed', error: { message: 'bad line' } });
  });

  it(`keeps the newest ${FINISHED_JOBS_KEPT} finished jobs and every running one`, async () => {
    const jobs = createJobRegistry(createEventBus());
    let release!: () => void;
    const running = jobs.start('Long', () => new Promise<void>((resolve) => (release = resolve)));
    for (let i = 0; i < FINISHED_JOBS_KEPT + 5; i++) await jobs.start(`Job ${i}`, async () => i).finished;
    const titles = jobs.list().map((job) => job.title);
    expect(titles).toHaveLength(FINISHED_JOBS_KEPT + 1);
    expect(titles).toContain('Long');
    expect(titles).not.toContain('Job 4');
    expect(titles).toContain('Job 5');
    release();
    await running.finished;
  });

  it('keeps finished jobs\' results for the UI to ask by id, as many as the registry keeps, and names a missing one', async () => {
    const jobs = jobsWithResults<{ n: number }>(createJobRegistry(createEventBus()), 'test');
    const first = jobs.start('first', async () => ({ n: 0 }));
    expect(() => jobs.result(first.job.id)).toThrow(/no finished test job/);
    await first.finished;
    expect(jobs.result(first.job.id)).toEqual({ n: 0 });
    const failing = jobs.start('failing', async () => {
      throw new Error('boom');
    });
    await expect(failing.finished).rejects.toThrow('boom');
    expect(() => jobs.result(failing.job.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', location: { field: 'job' } }));
    let last = first;
    for (let n = 1; n <= FINISHED_JOBS_KEPT; n++) {
      last = jobs.start(`job ${n}`, async () => ({ n }));
      await last.finished;
    }
    expect(jobs.result(last.job.id)).toEqual({ n: FINISHED_JOBS_KEPT });
    expect(() => jobs.result(first.job.id)).toThrow(/no finished test job/);
  });
});
