import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../../core/api/contract';
import { formatBytes, progressText, remainingTime } from '../../../renderer/format';

const job = (fields: Partial<JobSnapshot>): JobSnapshot => ({
  id: 'j',
  title: 'Import x',
  state: 'running',
  phase: 'reading and embedding documents',
  done: 0,
  total: 0,
  unit: 'steps',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  error: null,
  ...fields,
});
const at = (seconds: number) => Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000;

describe('job progress text', () => {
  it('labels bytes as bytes, never as a count of documents', () => {
    const text = progressText(job({ done: 1_447_800, total: 5_256_379, unit: 'bytes' }), at(10));
    expect(text).toBe('reading and embedding documents · 1.4 MB of 5.3 MB read · 28% · about 26 s left');
    expect(text).not.toContain('1,447,800');
  });

  it('names counted units and steps', () => {
    expect(progressText(job({ phase: 'running queries', done: 40, total: 225, unit: 'queries' }), at(0))).toBe('running queries · 40 of 225 queries · 18%');
    expect(progressText(job({ phase: 'building BM25 index (search_text)', done: 0, total: 3 }), at(0))).toBe('building BM25 index (search_text) · step 1 of 3 · 0%');
    expect(progressText(job({ phase: 'starting' }), at(0))).toBe('starting…');
    // A count with no known end (an export's rows so far): the count, no percentage.
    expect(progressText(job({ phase: 'writing rows', done: 12_000, total: 0, unit: 'rows' }), at(0))).toBe('writing rows · 12,000 rows');
    expect(progressText(job({ phase: 'validating lines', done: 40_000, total: 120_000, unit: 'lines' }), at(0))).toBe('validating lines · 40,000 of 120,000 lines · 33%');
  });

  it('estimates the time left only once there is something to go on', () => {
    expect(remainingTime({ done: 1, total: 100, startedAt: '2026-01-01T00:00:00.000Z' }, at(5))).toBeNull();
    expect(remainingTime({ done: 50, total: 100, startedAt: '2026-01-01T00:00:00.000Z' }, at(0.5))).toBeNull();
    expect(remainingTime({ done: 25, total: 100, startedAt: '2026-01-01T00:00:00.000Z' }, at(60))).toBe('about 3 min left');
  });

  it('formats sizes', () => {
    expect([formatBytes(999), formatBytes(1000), formatBytes(123_456_789), formatBytes(5e12)]).toEqual(['999 B', '1.0 kB', '123 MB', '5.0 TB']);
  });
});
