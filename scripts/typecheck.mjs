// `npm run typecheck`: core (composite, so the others read its declarations), the renderer, the Node side
// (tests, scripts), and the Electron shell. The shell needs the `electron` package's types, which npm drops
// when Electron's binary download fails; then that one check is skipped, loudly. `.ci/run` installs the
// package without its binary so CI always checks the shell.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const require = createRequire(import.meta.url);

function hasElectronTypes() {
  try {
    require.resolve('electron/electron.d.ts', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

const steps = [
  ['-b', 'core/tsconfig.json'],
  ['-p', 'tsconfig.web.json', '--noEmit'],
  ['-p', 'tsconfig.node.json', '--noEmit'],
];
if (hasElectronTypes()) steps.push(['-p', 'tsconfig.electron.json', '--noEmit']);
else console.warn('!!! typecheck: electron/ SKIPPED: the electron package is not installed (its binary could not be downloaded) !!!');

for (const args of steps) {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
