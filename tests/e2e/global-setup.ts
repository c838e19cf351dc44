import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { findChromium } from './chromium';

export default function setup(): void {
  // The e2e tests run what users run: the built renderer and the built `relwb` CLI.
  execFileSync(process.execPath, [path.resolve('scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (!findChromium()) {
    const line = '!!! E2E SKIPPED: no Chromium found (set CHROMIUM_PATH or apt-get install -y chromium) !!!';
    if (process.env.REQUIRE_E2E === '1') throw new Error(`${line} — REQUIRE_E2E=1 makes this a failure`);
    console.warn(`\n${line}\n`);
  }
}
