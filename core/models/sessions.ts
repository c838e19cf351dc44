/**
 * One ONNX Runtime session per (model folder, device), created on first use and checked against
 * the manifest so that a mismatched export fails with a message naming the model and the names.
 */
import { AppError } from '../runtime/errors';
import path from 'node:path';
import { createPromiseCache } from '../runtime/memo';
import { createProviderSession, type DeviceSetting, type ProviderLogger, type ProviderSession } from './execution-provider';
import type { ModelManifest } from './manifest';

/** A model folder whose manifest parsed; `id` is the folder name. */
export interface InstalledModel {
  id: string;
  dir: string;
  source: 'bundled' | 'user';
  manifest: ModelManifest;
}

export class ModelSignatureError extends AppError {
  constructor(message: string) {
    super('MODEL_INVALID', message);
  }
}

/** Graph input name → manifest field, for the inputs this manifest feeds. */
function manifestInputs(manifest: ModelManifest): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [field, name] of Object.entries(manifest.inputs)) {
    if (name !== undefined) fields.set(name, `inputs.${field}`);
  }
  return fields;
}

function manifestOutputs(manifest: ModelManifest): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [field, name] of Object.entries(manifest.outputs)) {
    if (name !== undefined) fields.set(name, `outputs.${field}`);
  }
  return fields;
}

/**
 * Throws unless the graph has every input and output the manifest names, and the manifest feeds
 * every graph input (an unfed input would fail at the first `run`).
 */
export function checkModelSignature(
  modelId: string,
  manifest: ModelManifest,
  graph: { inputNames: readonly string[]; outputNames: readonly string[] },
): void {
  const problems: string[] = [];
  const inputs = manifestInputs(manifest);
  const outputs = manifestOutputs(manifest);
  const graphInputs = `[${graph.inputNames.join(', ')}]`;
  const graphOutputs = `[${graph.outputNames.join(', ')}]`;
  for (const [name, field] of inputs) {
    if (!graph.inputNames.includes(name)) {
      problems.push(`manifest says input '${name}' (${field}) but ${manifest.file} has inputs ${graphInputs}`);
    }
  }
  for (const name of graph.inputNames) {
    if (!inputs.has(name)) {
      problems.push(`${manifest.file} needs input '${name}' which the manifest does not name (manifest inputs: ${[...inputs.keys()].join(', ')})`);
    }
  }
  for (const [name, field] of outputs) {
    if (!graph.outputNames.includes(name)) {
      problems.push(`manifest says output '${name}' (${field}) but ${manifest.file} has outputs ${graphOutputs}`);
    }
  }
  if (problems.length > 0) throw new ModelSignatureError(`model ${modelId}: ${problems.join('; ')}`);
}

export interface ModelSession extends ProviderSession {
  model: InstalledModel;
  device: DeviceSetting;
}

export interface SessionOptions {
  device?: DeviceSetting;
  /** Where `auto` reports a CPU fallback, if anywhere (the session carries the reason too). */
  log?: ProviderLogger;
}

const sessions = createPromiseCache<string, ModelSession>();

/** Opens and checks a session without caching it (the registry's health check). */
export async function openCheckedSession(model: InstalledModel, options: SessionOptions = {}): Promise<ModelSession> {
  const device = options.device ?? 'auto';
  const opened = await createProviderSession(path.join(model.dir, model.manifest.file), device, { log: options.log });
  try {
    checkModelSignature(model.id, model.manifest, opened.session);
  } catch (error) {
    await opened.session.release();
    throw error;
  }
  return { ...opened, model, device };
}

/** The cached session for a model on a device; concurrent callers share one load. */
export function getSession(model: InstalledModel, options: SessionOptions = {}): Promise<ModelSession> {
  return sessions.get(`${model.dir}\u0000${options.device ?? 'auto'}`, () => openCheckedSession(model, options));
}

/** Releases every cached session (e.g. when the model folder changed or on shutdown). */
export async function releaseSessions(): Promise<void> {
  await Promise.all(
    sessions.clear().map((pending) =>
      pending.then(
        (s) => s.session.release(),
        () => undefined,
      ),
    ),
  );
}
