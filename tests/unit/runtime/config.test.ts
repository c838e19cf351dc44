import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globalOptionArgs, parseGlobalOptions } from '../../../core/runtime/config';

describe('parseGlobalOptions', () => {
  it('takes --data-dir and --device anywhere, in both spellings, and leaves the rest alone', () => {
    const parsed = parseGlobalOptions(['search', '--data-dir', 'here', 'cran', '--device=cpu', 'heat', '-k', '3'], {});
    expect(parsed).toEqual({ dataDir: path.resolve('here'), device: 'cpu', rest: ['search', 'cran', 'heat', '-k', '3'] });
  });

  it('falls back to RELWB_DATA_DIR and RELWB_DEVICE, and the flags win over them', () => {
    expect(parseGlobalOptions([], { RELWB_DATA_DIR: '/tmp/env-data', RELWB_DEVICE: 'cuda' })).toMatchObject({ dataDir: '/tmp/env-data', device: 'cuda' });
    expect(parseGlobalOptions(['--device', 'cpu'], { RELWB_DEVICE: 'cuda' }).device).toBe('cpu');
    expect(parseGlobalOptions([], {}).device).toBe('auto');
  });

  it('refuses a missing value and an unknown device by name', () => {
    expect(() => parseGlobalOptions(['--data-dir'], {})).toThrow('--data-dir needs a value');
    expect(() => parseGlobalOptions(['--data-dir', '--device', 'cpu'], {})).toThrow('--data-dir needs a value');
    expect(() => parseGlobalOptions(['--device', 'tpu'], {})).toThrow('--device must be one of auto, cpu, cuda, dml, coreml, got "tpu"');
  });

  it('round-trips through the arguments handed to a child process', () => {
    const config = { dataDir: '/data/relwb', device: 'cpu' as const };
    expect(parseGlobalOptions(globalOptionArgs(config), {})).toEqual({ ...config, rest: [] });
  });
});
