import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutionProviderError, getModel, getSession, gpuProvidersFor, releaseSessions } from '../../../core/models';

// The default install (onnxruntime-node-install=skip) has no CUDA provider library; with one, the
// fallback cases below do not apply.
const cudaLibrary = path.join(
  path.dirname(require.resolve('onnxruntime-node')),
  '..', 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so',
);
const noCuda = process.platform === 'linux' && !existsSync(cudaLibrary);

afterAll(releaseSessions);

describe('execution providers', () => {
  it('tries the platform GPU providers in order', () => {
    expect(gpuProvidersFor('linux')).toEqual(['cuda']);
    expect(gpuProvidersFor('win32')).toEqual(['cuda', 'dml']);
    expect(gpuProvidersFor('darwin')).toEqual(['coreml']);
    expect(gpuProvidersFor('freebsd')).toEqual([]);
  });

  it('runs on device cpu', async () => {
    const session = await getSession(await getModel('glove-100d'), { device: 'cpu' });
    expect(session.provider).toBe('cpu');
    expect(session.fallbackReason).toBeUndefined();
  });

  it.runIf(noCuda)('auto falls back to CPU and logs why', async () => {
    const logged: string[] = [];
    const session = await getSession(await getModel('glove-100d'), { device: 'auto', log: (m) => logged.push(m) });
    expect(session.provider).toBe('cpu');
    expect(session.fallbackReason).toContain('cuda');
    expect(logged).toEqual([expect.stringMatching(/^device auto: using CPU \(cuda: /)]);
  });

  it.runIf(noCuda)('explicit cuda fails with a clear error instead of silently using CPU', async () => {
    const attempt = getSession(await getModel('glove-100d'), { device: 'cuda' });
    await expect(attempt).rejects.toBeInstanceOf(ExecutionProviderError);
    await expect(attempt).rejects.toThrow(/^device 'cuda' is not available: .*onnxruntime-node-install=cuda12.*Use device 'auto' to fall back to CPU\.$/);
  });

  it.runIf(process.platform !== 'win32')('explicit dml off Windows is an error', async () => {
    await expect(getSession(await getModel('glove-100d'), { device: 'dml' })).rejects.toThrow(/^device 'dml' is not available/);
  });
});
