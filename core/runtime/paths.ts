import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Relevance Workbench';

/**
 * The per-user folder the desktop app keeps its data in. It equals Electron's
 * `app.getPath('userData')` for our productName, so the CLI and the app share one store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.RELWB_DATA_DIR) return path.resolve(env.RELWB_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

let cachedAppRoot: string | undefined;

/** The project folder (holding package.json): bundled datasets and models live under it, from source or from a build. */
export function appRoot(): string {
  if (cachedAppRoot) return cachedAppRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'relevance-workbench') {
      cachedAppRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Relevance Workbench folder above ${__dirname}`);
    dir = parent;
  }
}

export const bundledDatasetsDir = (): string => path.join(appRoot(), 'datasets');
export const rendererBuildDir = (): string => path.join(appRoot(), 'out', 'renderer');
export const bundledModelsDir = (): string => path.join(appRoot(), 'models');
