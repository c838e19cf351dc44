/**
 * The installed models: every folder of the bundled `models/` directory and of the user's
 * `<dataDir>/models`. A folder is a model when it holds `model.json` + `model.onnx`; a broken
 * folder becomes an error entry so that one bad download never hides the others.
 */
import { AppError } from '../runtime/errors';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readManifest } from './manifest';
import { openCheckedSession, type InstalledModel } from './sessions';
import { getTokenizer } from './tokenizers';

export interface ModelFolders {
  /** Default: the repository's `models/` folder. */
  bundledModelsDir?: string;
  /** Usually `userModelsDir(dataDir)`; a missing folder simply contributes nothing. */
  userModelsDir?: string;
}

interface ListingBase {
  /** The folder name. */
  id: string;
  dir: string;
  source: InstalledModel['source'];
}

export type ModelListing =
  | (ListingBase & { status: 'ready'; model: InstalledModel })
  | (ListingBase & { status: 'error'; error: string });

/** Folders of the bundled directory that hold tooling, not models. */
const BUNDLED_NON_MODEL_FOLDERS = new Set(['scripts']);

export function defaultBundledModelsDir(): string {
  return path.resolve(__dirname, '../../models');
}

export function userModelsDir(dataDir: string): string {
  return path.join(dataDir, 'models');
}

async function modelFolders(dir: string, source: InstalledModel['source']): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .filter((e) => !(source === 'bundled' && BUNDLED_NON_MODEL_FOLDERS.has(e.name)))
    .map((e) => e.name)
    .sort();
}

/** Name, size and mtime of every file in the folder: changes when any model file is added, replaced or edited. */
async function folderStamp(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const parts = await Promise.all(
    names.map(async (name) => {
      const info = await stat(path.join(dir, name));
      return `${name}:${info.size}:${info.mtimeMs}`;
    }),
  );
  return parts.join('|');
}

/** Health-check results keyed by folder, valid while the folder's files are unchanged. */
const checkedFolders = new Map<string, { stamp: string; outcome: InstalledModel | Error }>();

async function requireFile(file: string, what: string, hint = ''): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new Error(`missing ${what} ${file}${hint ? ` (${hint})` : ''}`);
}

/** Parses the manifest, checks the files it names, loads the tokenizer and opens the graph on CPU. */
async function checkModelFolder(id: string, dir: string, source: InstalledModel['source']): Promise<InstalledModel> {
  const manifestFile = path.join(dir, 'model.json');
  await requireFile(manifestFile, 'manifest', 'models/README.md describes model.json');
  const manifest = await readManifest(manifestFile);
  const onnxFile = path.join(dir, manifest.file);
  await requireFile(onnxFile, 'ONNX graph');

  const stamp = await folderStamp(dir);
  const cached = checkedFolders.get(dir);
  if (cached?.stamp === stamp) {
    if (cached.outcome instanceof Error) throw cached.outcome;
    return cached.outcome;
  }

  const model: InstalledModel = { id, dir, source, manifest };
  try {
    if (manifest.kind !== 'ltr') {
      const tokenizerFile = manifest.tokenizer.type === 'word-vocab' ? manifest.tokenizer.vocab : manifest.tokenizer.file;
      await requireFile(path.join(dir, tokenizerFile), 'tokenizer file');
      await getTokenizer(dir, manifest.tokenizer);
    }
    const { session } = await openCheckedSession(model, { device: 'cpu' });
    await session.release();
  } catch (error) {
    checkedFolders.set(dir, { stamp, outcome: error as Error });
    throw error;
  }
  checkedFolders.set(dir, { stamp, outcome: model });
  return model;
}

function modelRoots(folders: ModelFolders): Array<[string, InstalledModel['source']]> {
  const roots: Array<[string, InstalledModel['source']]> = [[folders.bundledModelsDir ?? defaultBundledModelsDir(), 'bundled']];
  if (folders.userModelsDir) roots.push([folders.userModelsDir, 'user']);
  return roots;
}

/** Every model folder, bundled first, each either ready or with the reason it cannot be used. */
export async function listModels(folders: ModelFolders = {}): Promise<ModelListing[]> {
  const listings: ModelListing[] = [];
  const seen = new Map<string, string>();
  for (const [root, source] of modelRoots(folders)) {
    for (const id of await modelFolders(root, source)) {
      const dir = path.join(root, id);
      const earlier = seen.get(id);
      if (earlier) {
        listings.push({ id, dir, source, status: 'error', error: `model id '${id}' is already taken by ${earlier}; rename this folder` });
        continue;
      }
      seen.set(id, dir);
      try {
        listings.push({ id, dir, source, status: 'ready', model: await checkModelFolder(id, dir, source) });
      } catch (error) {
        listings.push({ id, dir, source, status: 'error', error: (error as Error).message });
      }
    }
  }
  return listings;
}

export class ModelNotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message, { field: 'model' });
  }
}

/** The model with this id (bundled wins a name clash, as in the listing); throws naming the problem when broken. */
export async function getModel(id: string, folders: ModelFolders = {}): Promise<InstalledModel> {
  const installed: string[] = [];
  for (const [root, source] of modelRoots(folders)) {
    const ids = await modelFolders(root, source);
    if (ids.includes(id)) {
      try {
        return await checkModelFolder(id, path.join(root, id), source);
      } catch (error) {
        throw new Error(`model '${id}' cannot be used: ${(error as Error).message}`);
      }
    }
    installed.push(...ids);
  }
  throw new ModelNotFoundError(`model '${id}' is not installed (folders found: ${installed.join(', ') || 'none'})`);
}
