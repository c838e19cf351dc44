import { afterAll, describe, expect, it } from 'vitest';
import { startAppScript, type RunningServer } from '../helpers/web-server';

/** `npm start` on a machine without Electron's binary: it builds, falls back to web mode and says why. */
describe('npm start', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.stop());

  it('builds, serves the UI and the API behind the printed link, and names the mode it chose', async () => {
    server = await startAppScript();
    expect(server.output()).toMatch(/Relevance Workbench web mode \(npm run web\): open http:\/\/127\.0\.0\.1:\d+\/\?session=/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module"[^>]* src="\.\/assets\/[^"]+\.js"/);
    const status = await fetch(new URL('api/app.status', server.url), { method: 'POST', headers: server.headers, body: '{}' });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { result: { dataDir: string } }).result.dataDir).toBe(server.dataDir);
    expect((await fetch(new URL('api/app.status', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  }, 180_000);
});
