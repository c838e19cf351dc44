import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface RunningServer {
  /** The server's address, without a key. */
  url: string;
  /** The launch key from the printed link; send it as `authorization: Bearer …` or the session cookie. */
  key: string;
  /** The printed link, as a user would open it. */
  loginUrl: string;
  /** JSON headers that carry the key, for API calls from the test process. */
  headers: Record<string, string>;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built `relwb serve` on a free loopback port in a fresh data folder and waits for its URL line. */
export function startBuiltServer(extraArgs: string[] = []): Promise<RunningServer> {
  return launchServer((dataDir) => [path.resolve('out/main/relwb.js'), '--data-dir', dataDir, 'serve', '--port', '0', ...extraArgs]);
}

/** Runs `npm start`'s script in web mode (it builds first), with a fresh data folder from the environment. */
export function startAppScript(): Promise<RunningServer> {
  return launchServer(() => [path.resolve('scripts/start.mjs'), '--web'], 120_000);
}

/**
 * Runs `relwb serve` from source (no build needed) on a data folder the test prepared; `stop` keeps the folder.
 * The server is one process (tsx as a loader), so killing its pid kills the server itself.
 */
export function startSourceServer(dataDir: string): Promise<RunningServer & { pid: number }> {
  const cli = path.resolve(__dirname, '../../core/cli/main.ts');
  return launchServer(() => ['--import', 'tsx', cli, '--data-dir', dataDir, 'serve', '--port', '0'], 60_000, dataDir);
}

async function launchServer(argsFor: (dataDir: string) => string[], startupMs = 30_000, givenDataDir?: string): Promise<RunningServer & { pid: number }> {
  const dataDir = givenDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-e2e-'));
  const child: ChildProcess = spawn(process.execPath, argsFor(dataDir), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RELWB_DATA_DIR: dataDir },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const { url, key } = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), startupMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/)\?session=([\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, key: match[2]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    key,
    loginUrl: `${url}?session=${key}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    dataDir,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (!givenDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser page signed in to the server as its local user (holding the session cookie the printed link sets). */
export async function signedInPage(browser: Browser, server: RunningServer, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: 'relwb_session', value: server.key, url: server.url, httpOnly: true, sameSite: 'Strict' }]);
  return context.newPage();
}
