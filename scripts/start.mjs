// `npm start`: build, then open the desktop app when Electron's binary is installed, otherwise serve the
// same UI in web mode. `npm run web` (--web) always serves web mode.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--web');
const forceWeb = process.argv.includes('--web');

function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the download never happened.
    return require('electron');
  } catch (error) {
    return { missing: error.code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : "Electron's binary was not downloaded" };
  }
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = forceWeb ? { missing: 'web mode was asked for' } : electronBinary();
const child =
  typeof electron === 'string'
    ? spawn(electron, [root, ...passThrough], { cwd: root, stdio: 'inherit' })
    : spawn(process.execPath, [path.join(root, 'out/main/relwb.js'), ...passThrough, 'serve'], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, RELWB_WEB_REASON: forceWeb ? 'npm run web' : electron.missing },
      });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
