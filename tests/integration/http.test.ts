import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../core/api/handlers';
import { MAX_BODY_BYTES, startHttpServer, type HttpHost } from '../../core/host/http';
import { createWebAccess } from '../../core/host/web-access';
import type { WorkbenchEvent } from '../../core/runtime/events';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { writeBeirFolder } from '../helpers/beir-fixture';
import { useTempDirs } from '../helpers/temp-dir';

const SECRET = 'launch-secret-for-tests';
const AUTHORIZED = { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` };

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
      subscribe: workbench.subscribe,
      resolveMediaFile: workbench.datasets.resolveMediaFile,
      staticDir,
      access: createWebAccess({ boundHost: '127.0.0.1', launchSecret: SECRET }),
    });
  });

  afterEach(async () => {
    await host.close();
    await workbench.close();
  });

  const call = (method: string, body: unknown, headers: Record<string, string> = AUTHORIZED) =>
    fetch(new URL(`api/${method}`, host.url), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const resultOf = async <T>(response: Promise<Response>): Promise<T> => ((await (await response).json()) as { result: T }).result;

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
    expect((await call('datasets.list', '{}', { ...AUTHORIZED, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(new URL('api/datasets.list', host.url), { headers: AUTHORIZED })).status).toBe(405);
  });

  it('streams job progress over server-sent events while an import runs', async () => {
    const events: WorkbenchEvent[] = [];
    const controller = new AbortController();
    const stream = await fetch(new URL('api/events', host.url), { signal: controller.signal, headers: AUTHORIZED });
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
        if (events.some((event) => event.type === 'changed' && event.topic === 'datasets')) return;
      }
    })();
    const started = await call('datasets.import', { format: 'beir', path: writeBeirFolder(tempDir()), name: 'tiny' });
    const { result } = (await started.json()) as { result: { job: { id: string; state: string } } };
    expect(result.job.state).toBe('running');
    await reading;
    controller.abort();
    const jobEvents = events.flatMap((event) => (event.type === 'job' && event.job.id === result.job.id ? [event.job] : []));
    expect(jobEvents.at(-1)).toMatchObject({ state: 'done' });
    expect((await resultOf<{ results: { id: string }[] }>(call('search', { dataset: 'tiny', text: 'shock' }))).results[0]!.id).toBe('d3');
  });

  it('keeps serving after an import started over the API fails, and reports the failure on the job', async () => {
    const broken = writeBeirFolder(tempDir(), { corpus: ['{"_id": "a", "text": "ok"}', '{"_id": "b", "text": '] });
    const started = await call('datasets.import', { format: 'beir', path: broken, name: 'broken' });
    const { result } = (await started.json()) as { result: { job: { id: string } } };
    await expect
      .poll(async () => (await resultOf<{ id: string; state: string }[]>(call('jobs.list', {}))).find((job) => job.id === result.job.id)?.state)
      .toBe('failed');
    const jobs = await resultOf<{ id: string; error: { message: string; line: number } }[]>(call('jobs.list', {}));
    expect(jobs.find((job) => job.id === result.job.id)?.error).toMatchObject({ line: 2, message: expect.stringContaining('corpus.jsonl:2: invalid JSON') });
    expect(await resultOf(call('datasets.list', {}))).toEqual([]);
  });

  it('serves the UI with a strict CSP and refuses media paths outside the media folder', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>app</title>');
    expect((await fetch(new URL('media/..%2Fworkbench.sqlite', host.url), { headers: AUTHORIZED })).status).toBe(404);
    expect((await fetch(new URL('media/nothing.svg', host.url), { headers: AUTHORIZED })).status).toBe(404);
    expect((await fetch(new URL('..%2F..%2Fetc%2Fpasswd', host.url))).headers.get('content-type')).toContain('text/html');
  });

  it('answers the API and media only to a caller with a key, and only under its own Host name', async () => {
    const noKey = await call('datasets.list', {}, { 'content-type': 'application/json' });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await call('datasets.list', {}, { ...AUTHORIZED, authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await fetch(new URL('media/x.png', host.url))).status).toBe(401);
    // A page elsewhere (or a rebound DNS name) is refused even with the key.
    expect((await call('datasets.list', {}, { ...AUTHORIZED, origin: 'http://evil.example' })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(host.url);
      const request = http.request({ host: '127.0.0.1', port, path: '/api/datasets.list', method: 'POST', headers: { ...AUTHORIZED, host: `evil.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      request.on('error', reject);
      request.end('{}');
    });
    expect(rebound).toBe(403);
  });

  it('trades the printed link for a cookie and takes the key out of the address', async () => {
    expect(host.loginUrl).toBe(`${host.url}?session=${SECRET}`);
    const login = await fetch(host.loginUrl, { redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^relwb_session=launch-secret-for-tests;.*HttpOnly; SameSite=Strict/);
    const withCookie = await call('datasets.list', {}, { 'content-type': 'application/json', cookie: cookie.split(';')[0]! });
    expect(withCookie.status).toBe(200);
    // A wrong key in the link sets nothing.
    expect((await fetch(`${host.url}?session=nope`, { redirect: 'manual' })).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await call('datasets.list', JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES + 10) }));
    expect(response.status).toBe(413);
  });
});
