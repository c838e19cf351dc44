import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { cookieValue, createWebAccess, parseHostHeader } from '../../../core/host/web-access';
import { raterCaller } from '../../../core/runtime/caller';

const request = (headers: http.IncomingHttpHeaders) => ({ headers }) as http.IncomingMessage;

describe('web access', () => {
  const rater = raterCaller({ id: 3, name: 'ana', role: 'rater' });
  const access = createWebAccess({ boundHost: '127.0.0.1', launchSecret: 'launch', resolveToken: (token) => (token === 'rater-token' ? rater : null) });

  it('answers only to its own names, with and without a port, and checks Origin when sent', () => {
    expect(access.hostAllowed(request({ host: '127.0.0.1:5173' }))).toBe(true);
    expect(access.hostAllowed(request({ host: 'localhost:5173', origin: 'http://localhost:5173' }))).toBe(true);
    expect(access.hostAllowed(request({ host: '[::1]:5173' }))).toBe(true);
    expect(access.hostAllowed(request({ host: 'evil.example:5173' }))).toBe(false);
    expect(access.hostAllowed(request({ host: '127.0.0.1:5173', origin: 'http://evil.example' }))).toBe(false);
    expect(access.hostAllowed(request({ host: '127.0.0.1:5173', origin: 'null' }))).toBe(false);
    expect(access.hostAllowed(request({}))).toBe(false);
  });

  it('takes an Origin only when it is this very server: another port of the same host is another origin', () => {
    expect(access.hostAllowed(request({ host: 'localhost:5178', origin: 'http://localhost:8080' }))).toBe(false);
    expect(access.hostAllowed(request({ host: '127.0.0.1:5178', origin: 'http://localhost:5178' }))).toBe(false);
    expect(access.hostAllowed(request({ host: '[::1]:5178', origin: 'http://[::1]:5178' }))).toBe(true);
    // Default ports may be left out on either side (e.g. behind a TLS proxy that keeps the Host).
    expect(access.hostAllowed(request({ host: 'localhost', origin: 'https://localhost' }))).toBe(true);
    expect(access.hostAllowed(request({ host: 'localhost:80', origin: 'http://localhost' }))).toBe(true);
    expect(access.hostAllowed(request({ host: 'localhost', origin: 'http://localhost:8080' }))).toBe(false);
    expect(access.hostAllowed(request({ host: 'localhost:443', origin: 'http://localhost' }))).toBe(false);
    expect(access.hostAllowed(request({ host: 'localhost:80', origin: 'ftp://localhost' }))).toBe(false);
  });

  it('refuses requests the browser made for another origin’s page (Sec-Fetch-Site), not ones the user opened', () => {
    expect(access.fromThisOrigin(request({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(access.fromThisOrigin(request({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(access.fromThisOrigin(request({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(access.fromThisOrigin(request({ 'sec-fetch-site': 'none' }))).toBe(true);
    // Clients other than browsers send none of this.
    expect(access.fromThisOrigin(request({}))).toBe(true);
  });

  it('accepts extra host names it was told about', () => {
    const shared = createWebAccess({ boundHost: '127.0.0.1', allowedHosts: ['rating.lab.internal'] });
    expect(shared.hostAllowed(request({ host: 'RATING.lab.internal:8080' }))).toBe(true);
  });

  it('maps the launch secret to the local lead and a token to its rater, from a Bearer header or the cookie', () => {
    expect(access.callerOf(request({ authorization: 'Bearer launch' }))).toMatchObject({ kind: 'local', role: 'lead', transport: 'http' });
    expect(access.callerOf(request({ cookie: 'other=1; relwb_session=rater-token' }))).toEqual(rater);
    expect(access.callerOf(request({ authorization: 'Bearer launc' }))).toBeNull();
    expect(access.callerOf(request({}))).toBeNull();
  });

  it('takes a key from the link only when it is valid', () => {
    expect(access.keyFromUrl(new URL('http://127.0.0.1/?session=launch'))).toBe('launch');
    expect(access.keyFromUrl(new URL('http://127.0.0.1/?session=guess'))).toBeNull();
    expect(access.sessionCookie('launch')).toBe('relwb_session=launch; Path=/; HttpOnly; SameSite=Strict');
  });

  it('makes a fresh secret per launch', () => {
    expect(createWebAccess({ boundHost: '127.0.0.1' }).launchSecret).not.toBe(createWebAccess({ boundHost: '127.0.0.1' }).launchSecret);
  });

  it('parses Host headers and cookies strictly', () => {
    expect(parseHostHeader('Example.COM:80')).toEqual({ name: 'example.com', port: '80' });
    expect(parseHostHeader('[::1]:80')).toEqual({ name: '::1', port: '80' });
    expect(parseHostHeader('example.com')).toEqual({ name: 'example.com', port: null });
    expect(parseHostHeader('a:b:c')).toBeNull();
    expect(cookieValue('a=1; b=x=y', 'b')).toBe('x=y');
    expect(cookieValue(undefined, 'b')).toBeNull();
  });
});
