import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLance } from '../../../core/index/document-table';
import { useTempDirs } from '../../helpers/temp-dir';

describe('openLance', () => {
  const tempDir = useTempDirs();

  // LanceDB's full-text index build deadlocks when its CPU pool has no thread beyond its producers, which
  // happens at its default size (cores − 2) on 2-core machines: `npm run bench` at 100k documents hung.
  it('gives LanceDB a CPU pool larger than the core count unless the user set one', async () => {
    const saved = process.env.LANCE_CPU_THREADS;
    delete process.env.LANCE_CPU_THREADS;
    try {
      const db = await openLance(tempDir());
      expect(Number(process.env.LANCE_CPU_THREADS)).toBeGreaterThanOrEqual(os.availableParallelism() + 2);
      db.close();
      process.env.LANCE_CPU_THREADS = '7';
      (await openLance(path.join(tempDir(), 'x'))).close();
      expect(process.env.LANCE_CPU_THREADS).toBe('7');
    } finally {
      if (saved === undefined) delete process.env.LANCE_CPU_THREADS;
      else process.env.LANCE_CPU_THREADS = saved;
    }
  });
});
