// `npm run build`: the renderer (React, for the desktop window and web mode) and the Node bundles
// (Electron main + preload, the backend process, the `relwb` CLI). Built with Vite alone, so neither the
// `electron` package nor its binary has to be installed: `electron` stays an external import.
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const logLevel = process.argv.includes('--quiet') ? 'warn' : 'info';

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
// Dependencies are loaded from node_modules at run time (native addons cannot be bundled).
const isExternal = (id) => nodeBuiltins.has(id) || !(id.startsWith('.') || path.isAbsolute(id) || id.startsWith('\0'));

/** A CommonJS bundle per entry for Node or Electron; `__dirname` keeps pointing into out/. */
function nodeBundle(outDir, input) {
  return build({
    configFile: false,
    root,
    logLevel,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      rollupOptions: {
        input,
        external: isExternal,
        output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}

await nodeBundle(path.join(out, 'main'), {
  index: path.join(root, 'electron/main.ts'),
  backend: path.join(root, 'core/host/electron-backend.ts'),
  relwb: path.join(root, 'core/cli/main.ts'),
});
await nodeBundle(path.join(out, 'preload'), { index: path.join(root, 'electron/preload.ts') });
await build({
  configFile: false,
  root: path.join(root, 'renderer'),
  // Relative asset paths: the desktop window loads index.html from a file.
  base: './',
  logLevel,
  plugins: [react()],
  build: { outDir: path.join(out, 'renderer'), emptyOutDir: true, minify: true, reportCompressedSize: false },
});
