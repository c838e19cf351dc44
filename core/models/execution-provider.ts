/**
 * Which ONNX Runtime execution provider runs a model. `auto` tries the platform's GPU providers and
 * falls back to CPU with a logged reason; an explicit GPU device that cannot start is an error,
 * because the user asked for it by name.
 */
import { AppError } from '../runtime/errors';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

import { DEVICE_SETTINGS, type DeviceSetting } from '../runtime/config';

export { DEVICE_SETTINGS, type DeviceSetting };
export type ExecutionProvider = Exclude<DeviceSetting, 'auto'>;

export type ProviderLogger = (message: string) => void;

export interface ProviderSession {
  session: ort.InferenceSession;
  /** The provider the session actually runs on. */
  provider: ExecutionProvider;
  /** Set when `auto` fell back to CPU: why each GPU provider was not used. */
  fallbackReason?: string;
}

/** The GPU providers worth trying on a platform, best first. */
export function gpuProvidersFor(platform: NodeJS.Platform): ExecutionProvider[] {
  if (platform === 'linux') return ['cuda'];
  if (platform === 'win32') return ['cuda', 'dml'];
  if (platform === 'darwin') return ['coreml'];
  return [];
}

/**
 * Whether the CUDA provider library sits beside the onnxruntime binding. The default npm install
 * leaves it out; checking first avoids a failed load and ONNX Runtime's native error log.
 */
function cudaProviderInstalled(): boolean {
  const bindingDir = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return existsSync(path.join(bindingDir, library));
}

/** Why `provider` cannot start here, known without trying it; null when it is worth a try. */
function knownUnavailability(provider: ExecutionProvider): string | null {
  if (provider === 'cpu') return null;
  if (!ort.listSupportedBackends().some((backend) => backend.name === provider)) return 'not in this onnxruntime-node build';
  if (provider === 'cuda' && !cudaProviderInstalled()) return 'CUDA provider library not installed';
  return null;
}

function installHint(provider: ExecutionProvider): string {
  if (provider === 'cuda') {
    return 'install the CUDA build with `npm install --onnxruntime-node-install=cuda12` and make sure CUDA 12 and cuDNN 9 are on the library path';
  }
  if (provider === 'dml') return 'DirectML needs Windows 10 1903+ with a DirectX 12 GPU';
  if (provider === 'coreml') return 'CoreML needs macOS';
  return '';
}

/** GPU providers that failed to start in this process, with why; `auto` does not retry them. */
const failedProviders = new Map<ExecutionProvider, string>();

export class ExecutionProviderError extends AppError {
  constructor(message: string) {
    super('DEVICE_UNAVAILABLE', message, { field: 'device' });
  }
}

async function createSession(modelFile: string, provider: ExecutionProvider): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelFile, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
  });
}

async function createExplicitSession(modelFile: string, provider: ExecutionProvider): Promise<ProviderSession> {
  const unavailable = (reason: string) =>
    new ExecutionProviderError(
      `device '${provider}' is not available: ${reason} (${installHint(provider)}). Use device 'auto' to fall back to CPU.`,
    );
  const reason = knownUnavailability(provider);
  if (reason) throw unavailable(reason);
  try {
    return { session: await createSession(modelFile, provider), provider };
  } catch (error) {
    if (provider === 'cpu') throw error;
    throw unavailable((error as Error).message.trim());
  }
}

async function createAutoSession(
  modelFile: string,
  platform: NodeJS.Platform,
  log: ProviderLogger | undefined,
): Promise<ProviderSession> {
  const reasons: string[] = [];
  for (const provider of gpuProvidersFor(platform)) {
    const reason = failedProviders.get(provider) ?? knownUnavailability(provider);
    if (reason) {
      reasons.push(`${provider}: ${reason}`);
      continue;
    }
    try {
      return { session: await createSession(modelFile, provider), provider };
    } catch (error) {
      failedProviders.set(provider, (error as Error).message.trim());
      reasons.push(`${provider}: ${failedProviders.get(provider)}`);
    }
  }
  const fallbackReason = reasons.join('; ') || `no GPU provider for platform ${platform}`;
  // The reason also travels on the session (status bar, `relwb models list`); a logger is for callers that want a line.
  log?.(`device auto: using CPU (${fallbackReason})`);
  return { session: await createSession(modelFile, 'cpu'), provider: 'cpu', fallbackReason };
}

/** Opens `modelFile` on the provider that `device` selects. */
export async function createProviderSession(
  modelFile: string,
  device: DeviceSetting,
  options: { platform?: NodeJS.Platform; log?: ProviderLogger } = {},
): Promise<ProviderSession> {
  if (device === 'auto') {
    return createAutoSession(modelFile, options.platform ?? process.platform, options.log);
  }
  return createExplicitSession(modelFile, device);
}
