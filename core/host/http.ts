import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch } from '../api/dispatch';
import type { Handlers } from '../api/handlers';
import { AppError, serializeError, type AppErrorCode } from '../errors';
import type { EventListener } from '../jobs/jobs';

export interface HttpHostOptions {
  handlers: Handlers;
  subscribe: (listener: EventListener) => () => void;
  resolveMediaFile: (relative: string) => string | null;
  /** The built renderer (index.html + assets). */
  staticDir: string;
  host?: string;
  port?: number;
}

export interface HttpHost {
  url: string;
  close(): Promise<void>;
}

const STATUS_BY_CODE: Partial<Record<AppErrorCode, number>> = {
  INVALID_ARGS: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  IMPORT_MISSING_FILE: 400,
  IMPORT_BAD_LINE: 400,
  IMPORT_UNKNOWN_ID: 400,
  IMPORT_DUPLICATE_ID: 400,
  IMPORT_EMPTY: 400,
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The page may load only its own code, styles and images, and talk only to this server. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Dataset media is untrusted: even opened directly, it can run nothing and load nothing. */
const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
const MAX_BODY_BYTES = 1 << 20;

/** Serves the UI and the API over HTTP for web mode: `POST /api/<method>`, `GET /api/events` (SSE), `/media/…`. */
export function startHttpServer(options: HttpHostOptions): Promise<HttpHost> {
  const host = options.host ?? '127.0.0.1';
  const sseClients = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    handleRequest(options, request, response, sseClients).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: serializeError(error) });
      else response.end();
    });
  });
  const unsubscribe = options.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const client of sseClients) client.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handleRequest(
  options: HttpHostOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  sseClients: Set<http.ServerResponse>,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    if (method === 'events' && request.method === 'GET') return openEventStream(response, sseClients);
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
      return sendJson(response, 400, { error: { code: 'INVALID_ARGS', message: `request body is not JSON: ${(error as Error).message}` } });
    }
    try {
      return sendJson(response, 200, { result: await dispatch(options.handlers, method, args) });
    } catch (error) {
      const status = error instanceof AppError ? (STATUS_BY_CODE[error.code] ?? 500) : 500;
      return sendJson(response, status, { error: serializeError(error) });
    }
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: { code: 'INVALID_ARGS', message: 'method not allowed' } });
  if (url.pathname.startsWith('/media/')) {
    const file = options.resolveMediaFile(decodeURIComponent(url.pathname.slice('/media/'.length)));
    return file ? sendFile(response, file, MEDIA_CSP) : sendNotFound(response);
  }
  return serveStatic(options.staticDir, url.pathname, response);
}

function serveStatic(root: string, pathname: string, response: http.ServerResponse): void {
  const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
  const candidate = path.resolve(root, relative || 'index.html');
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  const file = inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile() ? candidate : path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`The UI is not built (missing ${file}). Run: npm run build`);
    return;
  }
  sendFile(response, file, APP_CSP);
}

function sendFile(response: http.ServerResponse, file: string, csp: string): void {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
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

function openEventStream(response: http.ServerResponse, clients: Set<http.ServerResponse>): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  response.write(': connected\n\n');
  clients.add(response);
  response.on('close', () => clients.delete(response));
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
