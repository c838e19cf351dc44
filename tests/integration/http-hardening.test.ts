import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_DISCARDED_BYTES, startHttpServer, type HttpHost, type HttpTimeouts } from '../../core/host/http';
import { createWebAccess } from '../../core/host/web-access';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { useTempDirs } from '../helpers/temp-dir';

const SECRET = 'launch-secret-for-hardening-tests';
const KEY = { authorization: `Bearer ${SECRET}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const OUTSIDE_MARKER = 'TOP-SECRET-OUTSIDE-THE-MEDIA-FOLDER';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * One request exactly as written: the path is sent unnormalised and the Host header is ours to set,
 * which `fetch` allows for neither. An event stream is answered as soon as its headers arrive.
 */
function rawRequest(port: number, method: string, target: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method, path: target, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (response) => {
      if (response.headers['content-type'] === 'text/event-stream') {
        resolve({ status: response.statusCode!, headers: response.headers, body: '' });
        response.destroy();
        return;
      }
      let text = '';
      response.setEncoding('latin1');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Resolves when the server closes the socket; `error` is what the client saw on the way (none for a clean close). */
function whenClosed(socket: net.Socket): Promise<{ received: string; error: string | null }> {
  return new Promise((resolve) => {
    let received = '';
    let error: string | null = null;
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
    socket.on('close', () => resolve({ received, error }));
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes `size` bytes of body as fast as the socket takes them; stops early when the server closes. */
async function sendBody(socket: net.Socket, size: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  for (let sent = 0; sent < size && !socket.destroyed; sent += chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
    if (!socket.write(part)) {
      await new Promise<void>((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    }
  }
}

const oversizedPostHead = (port: number, size: number) =>
  `POST /api/datasets.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${SECRET}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`;

describe('HTTP hardening', () => {
  const tempDir = useTempDirs();
  let workbench: Workbench;
  let host: HttpHost;
  let port: number;
  let staticDir: string;

  const startHost = (timeouts?: Partial<HttpTimeouts>) =>
    startHttpServer({
      handlers: workbench.handlers,
      subscribe: workbench.subscribe,
      resolveMediaFile: workbench.datasets.resolveMediaFile,
      staticDir,
      access: createWebAccess({ boundHost: '127.0.0.1', launchSecret: SECRET }),
      timeouts,
    });

  beforeEach(async () => {
    workbench = await openWorkbench({ dataDir: tempDir() });
    staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)');
    const media = path.join(workbench.ctx.mediaDir, 't');
    fs.mkdirSync(media, { recursive: true });
    fs.writeFileSync(path.join(media, 'ok.png'), PNG);
    host = await startHost();
    port = Number(new URL(host.url).port);
  });

  afterEach(async () => {
    await host.close();
    await workbench.close();
  });

  describe('every route answers only its own pages, under its own name, with a key', () => {
    const routes: { route: string; method: string; target: (key: string) => string; body?: string; ok: number; keyed: boolean }[] = [
      { route: 'an API call', method: 'POST', target: () => '/api/datasets.list', body: '{}', ok: 200, keyed: true },
      { route: 'the event stream', method: 'GET', target: () => '/api/events', ok: 200, keyed: true },
      { route: 'a media file', method: 'GET', target: () => '/media/t/ok.png', ok: 200, keyed: true },
      { route: 'the UI page', method: 'GET', target: () => '/', ok: 200, keyed: false },
      { route: 'a UI asset', method: 'GET', target: () => '/app.js', ok: 200, keyed: false },
      { route: 'the sign-in link', method: 'GET', target: (key) => `/?session=${key}`, ok: 303, keyed: false },
    ];
    const send = (route: (typeof routes)[number], headers: Record<string, string>) =>
      rawRequest(port, route.method, route.target(SECRET), { ...JSON_TYPE, ...headers }, route.body);

    it.each(routes)('$route: served to its own page with the key', async (route) => {
      expect((await send(route, KEY)).status).toBe(route.ok);
      expect((await send(route, { ...KEY, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(route.ok);
    });

    it.each(routes)('$route: 403 under another Host name (DNS rebinding) or for another origin’s page', async (route) => {
      const refusals: Record<string, string>[] = [
        { host: `evil.example:${port}` },
        { host: 'evil.example' },
        { origin: 'http://evil.example' },
        { host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
        // Another port of this host: the same "site" to SameSite cookies, yet another origin.
        { origin: `http://127.0.0.1:${port + 1}` },
        { origin: `http://localhost:${port}` },
        { origin: 'null' },
      ];
      for (const headers of refusals) {
        const response = await send(route, { ...KEY, ...headers });
        expect({ headers, status: response.status }).toEqual({ headers, status: 403 });
        expect(response.headers['set-cookie']).toBeUndefined();
        expect(response.body).not.toContain('<title>app</title>');
      }
    });

    it.each(routes.filter((route) => route.keyed))('$route: 401 without a valid key', async (route) => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { cookie: 'relwb_session=wrong' }, { authorization: `Basic ${SECRET}` }];
      for (const headers of attempts) {
        const response = await send(route, headers);
        expect({ headers, status: response.status }).toEqual({ headers, status: 401 });
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      }
    });

    it.each(routes.filter((route) => route.keyed))('$route: 403 when the browser says another origin’s page asked, even with the cookie', async (route) => {
      const cookie = `relwb_session=${SECRET}`;
      for (const site of ['same-site', 'cross-site']) {
        expect((await send(route, { cookie, 'sec-fetch-site': site })).status).toBe(403);
      }
      expect((await send(route, { cookie, 'sec-fetch-site': 'none' })).status).toBe(route.ok);
    });

    it('serves the UI shell without a key (it holds no data; its API calls need the key) and to a link clicked on another site', async () => {
      expect((await rawRequest(port, 'GET', '/', {})).status).toBe(200);
      const signIn = await rawRequest(port, 'GET', `/?session=${SECRET}`, { 'sec-fetch-site': 'cross-site' });
      expect(signIn.status).toBe(303);
      expect(signIn.headers['set-cookie']?.[0]).toMatch(/^relwb_session=.*; HttpOnly; SameSite=Strict$/);
    });
  });

  describe('/media serves only image files inside the media folder', () => {
    const media = (target: string) => rawRequest(port, 'GET', `/media/${target}`, KEY);

    it('serves each image type with its own content type, nosniff and a CSP that runs and loads nothing', async () => {
      const folder = path.join(workbench.ctx.mediaDir, 't');
      const types: [file: string, type: string][] = [
        ['a.png', 'image/png'],
        ['b.jpg', 'image/jpeg'],
        ['c.JPEG', 'image/jpeg'],
        ['d.gif', 'image/gif'],
        ['e.webp', 'image/webp'],
        ['f.avif', 'image/avif'],
        ['g.bmp', 'image/bmp'],
        ['h.svg', 'image/svg+xml'],
      ];
      for (const [file, type] of types) {
        fs.writeFileSync(path.join(folder, file), file);
        const response = await media(`t/${file}`);
        expect({ file, status: response.status, type: response.headers['content-type'] }).toEqual({ file, status: 200, type });
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
        expect(response.body).toBe(file);
      }
    });

    it('does not serve other files in the media folder, whatever they hold', async () => {
      const folder = path.join(workbench.ctx.mediaDir, 't');
      for (const file of ['page.html', 'page.htm', 'script.js', 'data.json', 'notes.txt', 'image.png.html', 'no-extension']) {
        fs.writeFileSync(path.join(folder, file), PNG);
        expect({ file, status: (await media(`t/${file}`)).status }).toEqual({ file, status: 404 });
      }
    });

    it('does not follow symlinks out of the media folder, nor serve directories', async () => {
      const folder = path.join(workbench.ctx.mediaDir, 't');
      const outside = tempDir();
      fs.writeFileSync(path.join(outside, 'secret.png'), OUTSIDE_MARKER);
      fs.symlinkSync('/etc/passwd', path.join(folder, 'passwd.png'));
      fs.symlinkSync(path.join(outside, 'secret.png'), path.join(folder, 'secret.png'));
      fs.symlinkSync(outside, path.join(folder, 'linked-dir'));
      fs.symlinkSync(path.join(outside, 'gone.png'), path.join(folder, 'dangling.png'));
      fs.mkdirSync(path.join(folder, 'folder.png'));
      // A link to a non-image inside the folder is typed by what it leads to, not by its name.
      fs.writeFileSync(path.join(folder, 'page.html'), '<script>alert(1)</script>');
      fs.symlinkSync(path.join(folder, 'page.html'), path.join(folder, 'page-as.png'));
      for (const target of ['t/passwd.png', 't/secret.png', 't/linked-dir/secret.png', 't/dangling.png', 't/folder.png', 't', 't/', 't/page-as.png']) {
        const response = await media(target);
        expect({ target, status: response.status }).toEqual({ target, status: 404 });
        expect(response.body).not.toMatch(/root:|TOP-SECRET|<script/);
      }
      // A link that stays inside the folder is fine.
      fs.symlinkSync(path.join(folder, 'ok.png'), path.join(folder, 'alias.png'));
      expect((await media('t/alias.png')).status).toBe(200);
    });

    it('refuses plain and encoded traversal, absolute paths and NUL bytes', async () => {
      fs.writeFileSync(path.join(path.dirname(workbench.ctx.mediaDir), 'outside.png'), OUTSIDE_MARKER);
      const attempts = [
        '../outside.png',
        't/../../outside.png',
        '..%2Foutside.png',
        't%2F..%2F..%2Foutside.png',
        '%2e%2e/outside.png',
        '%2e%2e%2foutside.png',
        '%252e%252e%252foutside.png',
        '..%5coutside.png',
        '%2Fetc%2Fpasswd',
        '/etc/passwd',
        't/ok.png%00.png',
        't/ok.png%00',
      ];
      for (const attempt of attempts) {
        const response = await media(attempt);
        expect({ attempt, served: response.status === 200 && response.headers['content-type']!.startsWith('image/') }).toEqual({ attempt, served: false });
        expect(response.body).not.toMatch(/TOP-SECRET|root:/);
      }
    });

    it('answers 400, not 500, to malformed percent-encoding', async () => {
      for (const target of ['%ff', 't/%E0%A4%A', '%', 't/ok%2.png']) {
        const response = await media(target);
        expect({ target, status: response.status }).toEqual({ target, status: 400 });
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'INVALID_ARGS' } });
      }
    });
  });

  describe('request bodies over the limit', () => {
    it('answers 413 to a client still sending a large body, and keeps the connection usable', async () => {
      const socket = await connect(port);
      const closed = whenClosed(socket);
      const size = 16 * MAX_BODY_BYTES;
      socket.write(oversizedPostHead(port, size));
      await sendBody(socket, size);
      socket.write(`POST /api/datasets.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${SECRET}\r\n` + 'Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
      const { received, error } = await closed;
      expect(error).toBeNull();
      const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((match) => Number(match[1]));
      expect(statuses).toEqual([413, 200]);
      expect(received).toContain(`request body over ${MAX_BODY_BYTES} bytes`);
    });

    it('answers 413 to a chunked body that grows past the limit', async () => {
      const socket = await connect(port);
      const closed = whenClosed(socket);
      socket.write(`POST /api/datasets.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${SECRET}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent < 2 * MAX_BODY_BYTES; sent += chunk.length) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      socket.end('0\r\n\r\n');
      const { received, error } = await closed;
      expect(error).toBeNull();
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
    });

    it('still answers 413 first to a client that will not stop sending, then cuts it off', async () => {
      const socket = await connect(port);
      const closed = whenClosed(socket);
      const size = MAX_BODY_BYTES + MAX_DISCARDED_BYTES + 8 * MAX_BODY_BYTES;
      socket.write(oversizedPostHead(port, size));
      await sendBody(socket, size);
      const { received } = await closed;
      expect(received).toMatch(/^HTTP\/1\.1 413 /);
    });
  });

  describe('slow and stalled clients', () => {
    it('closes sockets that send nothing, stop mid-headers, trickle headers, trickle a body, or idle after a request', { timeout: 20_000 }, async () => {
      const slow = await startHost({ headersMs: 300, requestMs: 600, keepAliveMs: 200, idleSocketMs: 400 });
      const slowPort = Number(new URL(slow.url).port);
      const timers: NodeJS.Timeout[] = [];
      const trickle = (socket: net.Socket, text: () => string) => timers.push(setInterval(() => !socket.destroyed && socket.write(text()), 50));
      const requestLine = `HTTP/1.1\r\nHost: 127.0.0.1:${slowPort}\r\n`;
      let header = 0;
      const clients: Record<string, (socket: net.Socket) => void> = {
        silent: () => undefined,
        partialHeaders: (socket) => socket.write(`GET / ${requestLine}`),
        // Never idle, so only the headers timeout can end it.
        tricklingHeaders: (socket) => {
          socket.write(`GET / ${requestLine}`);
          trickle(socket, () => `X-Slow-${header++}: 1\r\n`);
        },
        tricklingBody: (socket) => {
          socket.write(`POST /api/datasets.list ${requestLine}Authorization: Bearer ${SECRET}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`);
          trickle(socket, () => ' ');
        },
        idleAfterARequest: (socket) => socket.write(`GET / ${requestLine}\r\n`),
      };
      try {
        // Each promise settles only when the server closes that socket (the test never does); a gap would time out.
        const closing = Object.entries(clients).map(async ([name, start]) => {
          const socket = await connect(slowPort);
          const closed = whenClosed(socket);
          start(socket);
          await closed;
          return name;
        });
        expect(await Promise.all(closing)).toEqual(Object.keys(clients));
      } finally {
        timers.forEach(clearInterval);
        await slow.close();
      }
    });

    it('keeps an idle event stream open past the idle timeout', async () => {
      const slow = await startHost({ headersMs: 300, requestMs: 600, keepAliveMs: 200, idleSocketMs: 300 });
      const controller = new AbortController();
      try {
        const stream = await fetch(new URL('api/events', slow.url), { headers: KEY, signal: controller.signal });
        const reader = stream.body!.getReader();
        await reader.read();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        workbench.ctx.events.changed('datasets');
        const { value } = await reader.read();
        expect(new TextDecoder().decode(value)).toContain('"topic":"datasets"');
      } finally {
        controller.abort();
        await slow.close();
      }
    });
  });
});
