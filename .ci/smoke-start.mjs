// Proves the README's `npm start` on this machine: it must print the web-mode link (Electron's binary is
// not downloadable here), serve the UI, and answer app.status for the key in that link.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-smoke-'));
const child = spawn('npm', ['start'], { env: { ...process.env, RELWB_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
const fail = (message) => {
  console.error(`smoke: ${message}\n--- npm start output ---\n${output}`);
  stop(1);
};
let exited = false;
const stop = (code) => {
  const finish = () => {
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
    process.exit(code);
  };
  if (exited) return finish();
  child.once('exit', finish);
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    finish();
  }
};
const timer = setTimeout(() => fail('no "open http://…?session=…" line within 180 s'), 180_000);
const onData = async (chunk) => {
  output += chunk;
  const match = /web mode \(([^)]*)\): open (http:\/\/127\.0\.0\.1:\d+\/)\?session=([\w-]+)/.exec(output);
  if (!match || timer.done) return;
  timer.done = true;
  clearTimeout(timer);
  const [, reason, url, key] = match;
  try {
    const page = await fetch(url);
    const html = await page.text();
    if (page.status !== 200 || !html.includes('<script')) return fail(`GET / answered ${page.status}`);
    // Wait for the first-start import of the demo datasets too: it is part of what a user sees first.
    for (let attempt = 0; attempt < 240; attempt++) {
      const status = await fetch(new URL('api/app.status', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: '{}',
      });
      const body = await status.json();
      if (status.status !== 200 || body.result?.dataDir !== dataDir) return fail(`app.status answered ${status.status} ${JSON.stringify(body)}`);
      if (body.result.ready) {
        console.log(`smoke: npm start serves the UI and app.status in web mode (${reason}) at ${url}; demo datasets imported`);
        return stop(0);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    fail('the demo datasets were not imported within 120 s');
  } catch (error) {
    fail(error.message);
  }
};
child.stdout.setEncoding('utf8').on('data', onData);
child.stderr.setEncoding('utf8').on('data', onData);
child.on('exit', (code) => {
  exited = true;
  if (!timer.done) fail(`npm start exited with ${code}`);
});
