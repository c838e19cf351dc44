import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { mediaContentType, resolveInsideFolder } from '../media/media-file';
import type { Caller } from '../runtime/caller';
import { AppError, serializeError, type AppErrorCode } from '../runtime/errors';
import type { EventListener, WorkbenchEvent } from '../runtime/events';
import type { WebAccess } from './web-access';

export interface HttpHostOptions {
  handlers: Handlers;
  subscribe: (listener: EventListener) => () => void;
  resolveMediaFile: (relative: string) => string | null;
  /** The built renderer (index.html + assets). */
  staticDir: string;
  access: WebAccess;
  host?: string;
  port?: number;
  timeouts?: Partial<HttpTimeouts>;
  /** `GET /api/download/<name>?args=<JSON>`: files made on request and streamed to the local lead (never to a token holder). */
  downloads?: Readonly<Record<string, (args: unknown) => Promise<HttpDownload>>>;
}

/** A file made for one download; `dispose` runs once it is sent or the client went away. */
export interface HttpDownload {
  fileName: string;
  contentType: string;
  size: number;
  body: AsyncIterable<Buffer>;
  dispose(): void;
}

/** How long a client may take, so slow or stalled sockets (slowloris) cannot pile up. */
export interface HttpTimeouts {
  /** For a request's whole header block, however slowly it trickles in. */
  headersMs: number;
  /** For a whole request, body included. */
  requestMs: number;
  /** For a kept-alive connection to send its next request. */
  keepAliveMs: number;
  /** For a socket with no traffic at all; event streams and calls being worked on are exempt. */
  idleSocketMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000, idleSocketMs: 120_000 };

export interface HttpHost {
  /** The server's address, without a key. */
  url: string;
  /** The link for the local user: it carries the launch secret, which the page keeps as a cookie. */
  loginUrl: string;
  close(): Promise<void>;
}

const STATUS_BY_CODE: Partial<Record<AppErrorCode, number>> = {
  INVALID_ARGS: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  IMPORT_MISSING_FILE: 400,
  IMPORT_BAD_LINE: 400,
  IMPORT_UNKNOWN_ID: 400,
  IMPORT_DUPLICATE_ID: 400,
  IMPORT_EMPTY: 400,
  EVAL_BAD_INPUT: 400,
  MODEL_INVALID: 400,
};

const APP_CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The page may load only its own code, styles and images, and talk only to this server. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Dataset media is untrusted: even opened directly, it can run nothing and load nothing. */
export const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
export const MAX_BODY_BYTES = 1 << 20;
/**
 * After a 413 the rest of an oversized body is read and dropped, so a client still sending reads the
 * answer instead of a connection reset; a client that sends this much more is cut off.
 */
export const MAX_DISCARDED_BYTES = 32 * MAX_BODY_BYTES;
/** What a rater's event stream carries: only what the rating screen re-reads. */
const RATER_TOPICS = new Set(['tasks', 'judgments']);

/** Serves the UI and the API over HTTP for web mode: `POST /api/<method>`, `GET /api/events` (SSE), `/media/…`. */
export function startHttpServer(options: HttpHostOptions): Promise<HttpHost> {
  const host = options.host ?? '127.0.0.1';
  const sseClients = new Map<http.ServerResponse, Caller>();
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  // Node checks the header and request timeouts only this often (30 s unless told).
  const connectionsCheckingInterval = Math.min(1_000, timeouts.headersMs);
  const server = http.createServer({ connectionsCheckingInterval }, (request, response) => {
    handleRequest(options, request, response, sseClients).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: serializeError(error) });
      else response.end();
    });
  });
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.setTimeout(timeouts.idleSocketMs);
  const unsubscribe = options.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const [client, caller] of sseClients) if (visibleTo(event, caller)) client.write(frame);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      const url = `http://${urlHost}:${port}/`;
      resolve({
        url,
        loginUrl: `${url}?session=${options.access.launchSecret}`,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const client of sseClients.keys()) client.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function visibleTo(event: WorkbenchEvent, caller: Caller): boolean {
  return caller.role === 'lead' || (event.type === 'changed' && RATER_TOPICS.has(event.topic));
}

async function handleRequest(
  options: HttpHostOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  sseClients: Map<http.ServerResponse, Caller>,
): Promise<void> {
  const { access } = options;
  if (!access.hostAllowed(request)) {
    return sendJson(response, 403, { error: { code: 'FORBIDDEN', message: 'this server answers only to its own address (Host/Origin not allowed)' } });
  }
  let url: URL;
  let pathname: string;
  try {
    url = new URL(request.url ?? '/', 'http://localhost');
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return sendJson(response, 400, { error: { code: 'INVALID_ARGS', message: 'malformed URL' } });
  }
  const offeredKey = access.keyFromUrl(url);
  if (offeredKey && (request.method === 'GET' || request.method === 'HEAD')) {
    // Keep the key in a cookie and take it out of the address bar (and so out of history and screenshots).
    url.searchParams.delete('session');
    response.writeHead(303, { location: `${url.pathname}${url.search}`, 'set-cookie': access.sessionCookie(offeredKey), 'cache-control': 'no-store' });
    return void response.end();
  }
  if (pathname.startsWith('/api/') || pathname.startsWith('/media/')) {
    if (!access.fromThisOrigin(request)) {
      return sendJson(response, 403, { error: { code: 'FORBIDDEN', message: 'the API and media answer only to this server’s own pages' } });
    }
    const caller = access.callerOf(request);
    if (!caller) {
      return sendJson(response, 401, {
        error: { code: 'UNAUTHORIZED', message: 'open the link that `relwb serve` printed (it carries this launch’s key), or your rater link' },
      });
    }
    if (pathname.startsWith('/media/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: { code: 'INVALID_ARGS', message: 'method not allowed' } });
      return serveMedia(options, pathname.slice('/media/'.length), response);
    }
    return handleApi(options, request, response, pathname.slice('/api/'.length), caller, sseClients);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: { code: 'INVALID_ARGS', message: 'method not allowed' } });
  return serveStatic(options.staticDir, pathname, response);
}

async function handleApi(
  options: HttpHostOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  method: string,
  caller: Caller,
  sseClients: Map<http.ServerResponse, Caller>,
): Promise<void> {
  if (method === 'events' && request.method === 'GET') return openEventStream(response, caller, sseClients);
  if (method.startsWith('download/') && request.method === 'GET') return handleDownload(options, request, response, method.slice('download/'.length), caller);
  if (request.method !== 'POST') return sendJson(response, 405, { error: { code: 'INVALID_ARGS', message: 'use POST /api/<method>' } });
  // A JSON content type cannot be sent cross-site without a CORS preflight, which this server never grants.
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendJson(response, 415, { error: { code: 'INVALID_ARGS', message: 'send the arguments as application/json' } });
  }
  let args: unknown;
  try {
    const body = await readBody(request);
    args = body.length === 0 ? {} : JSON.parse(body);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return sendJson(response, 413, { error: { code: 'INVALID_ARGS', message: `request body over ${MAX_BODY_BYTES} bytes` } });
    }
    return sendJson(response, 400, { error: { code: 'INVALID_ARGS', message: `request body is not JSON: ${(error as Error).message}` } });
  }
  // The request is in; a call that works longer than the idle timeout must not lose its socket.
  const keepWaiting = () => undefined;
  response.on('timeout', keepWaiting);
  try {
    return sendJson(response, 200, { result: await dispatch(options.handlers, method, args, caller) });
  } catch (error) {
    const status = error instanceof AppError ? (STATUS_BY_CODE[error.code] ?? 500) : 500;
    return sendJson(response, status, { error: serializeError(error) });
  } finally {
    response.off('timeout', keepWaiting);
  }
}

async function handleDownload(options: HttpHostOptions, request: http.IncomingMessage, response: http.ServerResponse, name: string, caller: Caller): Promise<void> {
  const make = Object.hasOwn(options.downloads ?? {}, name) ? options.downloads![name]! : null;
  if (!make) return sendJson(response, 404, { error: { code: 'NOT_FOUND', message: `no download named "${name}"` } });
  // Files leave the machine here: only the holder of this launch's key (the local lead), not a rater's or lead's token.
  if (caller.kind !== 'local') {
    return sendJson(response, 403, { error: { code: 'FORBIDDEN', message: 'downloads are for the local lead (the link `relwb serve` printed); a token cannot download' } });
  }
  let args: unknown;
  try {
    const raw = new URL(request.url ?? '/', 'http://localhost').searchParams.get('args');
    args = raw === null ? {} : JSON.parse(raw);
  } catch (error) {
    return sendJson(response, 400, { error: { code: 'INVALID_ARGS', message: `args: not JSON: ${(error as Error).message}`, field: 'args' } });
  }
  let download: HttpDownload;
  try {
    download = await make(args);
  } catch (error) {
    const status = error instanceof AppError ? (STATUS_BY_CODE[error.code] ?? 500) : 500;
    return sendJson(response, status, { error: serializeError(error) });
  }
  const keepWaiting = () => undefined;
  response.on('timeout', keepWaiting);
  try {
    response.writeHead(200, {
      'content-type': download.contentType,
      'content-length': String(download.size),
      'content-disposition': `attachment; filename="${download.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    await pipeline(Readable.from(download.body), response);
  } catch {
    // The client went away or a file could not be read: the response is cut short, the temporary files still go.
    response.destroy();
  } finally {
    response.off('timeout', keepWaiting);
    download.dispose();
  }
}

function serveMedia(options: HttpHostOptions, relative: string, response: http.ServerResponse): void {
  // Typed by the file actually read, so a `.png` name linked to another file cannot change what is served.
  const file = options.resolveMediaFile(relative);
  const contentType = file ? mediaContentType(file) : null;
  if (!file || !contentType) return sendNotFound(response);
  sendFile(response, file, contentType, MEDIA_CSP);
}

function serveStatic(root: string, pathname: string, response: http.ServerResponse): void {
  const relative = pathname.replace(/^\/+/, '');
  // Any other path is a route of the single-page app.
  const file = resolveInsideFolder(root, relative || 'index.html') ?? path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The UI is not built. Start the app with `npm start` (or `npm run web`), which builds it; or run `npm run build` first.');
    return;
  }
  sendFile(response, file, APP_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', APP_CSP);
}

function sendFile(response: http.ServerResponse, file: string, contentType: string, csp: string): void {
  response.writeHead(200, {
    'content-type': contentType,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  fs.createReadStream(file).pipe(response);
}

function sendNotFound(response: http.ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('not found');
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function openEventStream(response: http.ServerResponse, caller: Caller, clients: Map<http.ServerResponse, Caller>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  response.write(': connected\n\n');
  // An event stream is idle by nature; the keep-alive timeout must not end it.
  response.socket?.setTimeout(0);
  clients.set(response, caller);
  response.on('close', () => clients.delete(response));
}

class BodyTooLarge extends Error {}

/**
 * The body as text; rejects with BodyTooLarge as soon as it is known to be over MAX_BODY_BYTES (by its
 * Content-Length or by what arrived). The connection stays open and the rest is dropped as it comes,
 * so the 413 reaches a client that is still sending.
 */
function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const refuse = () => {
      tooLarge = true;
      chunks.length = 0;
      reject(new BodyTooLarge());
    };
    if (Number(request.headers['content-length']) > MAX_BODY_BYTES) refuse();
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES + MAX_DISCARDED_BYTES) request.socket.destroy();
      else if (!tooLarge && size > MAX_BODY_BYTES) refuse();
      else if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
