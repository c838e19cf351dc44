import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../core/api/handlers';
import type { WorkbenchEvent } from '../../core/jobs/jobs';
import { startHttpServer, type HttpHost } from '../../core/host/http';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';

describe('HTTP transport', () => {
  const tempDir = useTempDirs();
  let workbench: Workbench;
  let host: HttpHost;
  let staticDir: string;

  beforeEach(async () => {
    workbench = await openWorkbench({ dataDir: tempDir() });
    staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    host = await startHttpServer({
      handlers: createHandlers(workbench),
      subscribe: workbench.jobs.subscribe,
      resolveMediaFile: workbench.resolveMediaFile,
      staticDir,
    });
  });

  afterEach(async () => {
    await host.close();
    await workbench.close();
  });

  const call = (method: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(new URL(`api/${method}`, host.url), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('binds to loopback by default', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers a valid call with { result } and an invalid one with 400 and the zod message', async () => {
    const ok = await call('datasets.list', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ result: [] });

    const invalid = await call('search', { dataset: 'x', text: '' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      error: { code: 'INVALID_ARGS', message: 'search: text: query text must not be empty', field: 'text' },
    });
  });

  it('rejects unknown methods, non-JSON bodies, other content types and GETs', async () => {
    expect((await call('nope', {})).status).toBe(404);
    expect((await call('datasets.list', '{not json')).status).toBe(400);
    expect((await call('datasets.list', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(new URL('api/datasets.list', host.url))).status).toBe(405);
  });

  it('streams job progress over server-sent events while an import runs', async () => {
    const events: WorkbenchEvent[] = [];
    const controller = new AbortController();
    const stream = await fetch(new URL('api/events', host.url), { signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    const reading = (async () => {
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (const frame of buffer.split('\n\n').slice(0, -1)) {
          if (frame.startsWith('data: ')) events.push(JSON.parse(frame.slice(6)) as WorkbenchEvent);
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
        if (events.some((event) => event.type === 'datasets-changed')) return;
      }
    })();
    const started = await call('datasets.import', { format: 'beir', path: writeBeirFolder(tempDir()), name: 'tiny' });
    const { result } = (await started.json()) as { result: { job: { id: string; state: string } } };
    expect(result.job.state).toBe('running');
    await reading;
    controller.abort();
    const jobEvents = events.flatMap((event) => (event.type === 'job' && event.job.id === result.job.id ? [event.job] : []));
    expect(jobEvents.at(-1)).toMatchObject({ state: 'done' });
    expect((await (await call('search', { dataset: 'tiny', text: 'shock' })).json()).result.results[0].id).toBe('d3');
  });

  it('keeps serving after an import started over the API fails, and reports the failure on the job', async () => {
    const broken = writeBeirFolder(tempDir(), { corpus: ['{"_id": "a", "text": "ok"}', '{"_id": "b", "text": '] });
    const started = await call('datasets.import', { format: 'beir', path: broken, name: 'broken' });
    const { result } = (await started.json()) as { result: { job: { id: string } } };
    await expect
      .poll(async () => ((await (await call('jobs.list', {})).json()).result as { id: string; state: string }[]).find((job) => job.id === result.job.id)?.state)
      .toBe('failed');
    const jobs = (await (await call('jobs.list', {})).json()).result as { id: string; error: { message: string; line: number } }[];
    expect(jobs.find((job) => job.id === result.job.id)?.error).toMatchObject({ line: 2, message: expect.stringContaining('corpus.jsonl:2: invalid JSON') });
    expect((await (await call('datasets.list', {})).json()).result).toEqual([]);
  });

  it('serves the UI with a strict CSP and refuses media paths outside the media folder', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>app</title>');
    expect((await fetch(new URL('media/..%2Fworkbench.sqlite', host.url))).status).toBe(404);
    expect((await fetch(new URL('media/nothing.svg', host.url))).status).toBe(404);
    expect((await fetch(new URL('..%2F..%2Fetc%2Fpasswd', host.url))).headers.get('content-type')).toContain('text/html');
  });
});
