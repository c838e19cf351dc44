import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import os from 'node:os';
import { localCaller, type Caller } from '../runtime/caller';

/**
 * Who may use web mode. A browser page on any site can send requests to 127.0.0.1, and DNS rebinding
 * can make evil.example resolve there, so: the Host must name this server and the Origin, when sent,
 * must be this very server (another port on this host is another origin, though the same "site" to
 * SameSite cookies). Every API and media request must carry a key: the per-launch secret of the link
 * `relwb serve` prints (kept in a SameSite=Strict cookie after the first visit), or a rater's token.
 */
export interface WebAccess {
  /** The secret of this launch; its holder is the local user (the lead). */
  readonly launchSecret: string;
  hostAllowed(request: http.IncomingMessage): boolean;
  /**
   * False when the browser says (Sec-Fetch-Site) that another origin's page made the request, e.g. an
   * <img> on a page of this host's other port, which would carry the cookie and send no Origin.
   */
  fromThisOrigin(request: http.IncomingMessage): boolean;
  /** The caller behind the request's key, or null when it carries none that is valid. */
  callerOf(request: http.IncomingMessage): Caller | null;
  /** A key offered in the URL (`?session=…`), when valid: the page sets it as its cookie. */
  keyFromUrl(url: URL): string | null;
  sessionCookie(key: string): string;
}

export interface WebAccessOptions {
  /** The address the server is bound to; a specific one is also an accepted Host name. */
  boundHost: string;
  /** More Host names to answer to (e.g. the machine's DNS name for remote raters). */
  allowedHosts?: readonly string[];
  /** Resolves a rater's (or a lead's) token to a caller. */
  resolveToken?: (token: string) => Caller | null;
  launchSecret?: string;
}

export const SESSION_COOKIE = 'relwb_session';
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

export function createWebAccess(options: WebAccessOptions): WebAccess {
  const launchSecret = options.launchSecret ?? randomBytes(24).toString('base64url');
  const allowed = new Set([...LOOPBACK_NAMES, ...(options.allowedHosts ?? [])].map((name) => name.toLowerCase()));
  if (WILDCARD_HOSTS.has(options.boundHost)) {
    // Bound to every interface: the machine's own addresses are fine (a rebinding attack needs a name).
    for (const addresses of Object.values(os.networkInterfaces())) for (const address of addresses ?? []) allowed.add(address.address.toLowerCase());
    allowed.add(os.hostname().toLowerCase());
  } else allowed.add(options.boundHost.toLowerCase());

  const callerForKey = (key: string): Caller | null => {
    if (sameSecret(key, launchSecret)) return localCaller('http');
    return options.resolveToken?.(key) ?? null;
  };
  return {
    launchSecret,
    hostAllowed(request) {
      const host = parseHostHeader(request.headers.host);
      if (host === null || !allowed.has(host.name)) return false;
      const origin = request.headers.origin;
      return origin === undefined || isOriginOf(origin, host);
    },
    fromThisOrigin(request) {
      const site = request.headers['sec-fetch-site'];
      // `none`: the user opened the address themselves (typed, bookmarked, or the printed link).
      return site === undefined || site === 'same-origin' || site === 'none';
    },
    callerOf(request) {
      const key = bearerToken(request.headers.authorization) ?? cookieValue(request.headers.cookie, SESSION_COOKIE);
      return key ? callerForKey(key) : null;
    },
    keyFromUrl(url) {
      const key = url.searchParams.get('session');
      return key && callerForKey(key) ? key : null;
    },
    sessionCookie: (key) => `${SESSION_COOKIE}=${key}; Path=/; HttpOnly; SameSite=Strict`,
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const stripBrackets = (name: string): string => (name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name);

interface HostHeader {
  /** Lower-cased, without brackets for IPv6. */
  name: string;
  /** null when the header names none (the scheme's default port). */
  port: string | null;
}

/** A Host header (`name`, `name:port`, `[v6]:port`) taken apart; null when malformed. */
export function parseHostHeader(header: string | undefined): HostHeader | null {
  if (!header) return null;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  return match ? { name: stripBrackets(match[1]!.toLowerCase()), port: match[2] ?? null } : null;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** True when the Origin header names the same host and port as the Host header (a proxy in front may add TLS). */
function isOriginOf(origin: string, host: HostHeader): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined || stripBrackets(url.hostname.toLowerCase()) !== host.name) return false;
  return host.port === null ? url.port === '' : (url.port || defaultPort) === host.port;
}

function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1]! : null;
}

export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
