import { describe, expect, it } from 'vitest';
import {
  countSaved,
  countSaving,
  FETCH_AHEAD,
  ITEM_BATCH,
  labelsFromQueue,
  labelText,
  nextUnlabelled,
  pairsToFetch,
  queryRun,
  type LabelState,
  type QueueEntry,
  type Scale,
} from '../../../renderer/pages/rate/rating-state';

const entries = (queryIds: string[]): QueueEntry[] => queryIds.map((queryId, i) => ({ pairIndex: 100 + i, queryId, grade: null, skipped: false }));
const scale: Scale = {
  id: 'binary',
  name: 'Binary',
  levels: [
    { value: 1, label: 'Relevant', description: '', key: '1', color: '#00aa00' },
    { value: 0, label: 'Not relevant', description: '', key: '0', color: '#aa0000' },
  ],
};

describe('pairsToFetch', () => {
  const queue = entries(Array.from({ length: 100 }, (_, i) => `q${Math.floor(i / 10)}`));

  it('fetches a whole batch from the current position when nothing is loaded', () => {
    expect(pairsToFetch(queue, 0, new Set())).toEqual([queue.slice(0, ITEM_BATCH).map((entry) => entry.pairIndex)]);
    expect(pairsToFetch(queue, 40, new Set())).toEqual([queue.slice(40, 40 + ITEM_BATCH).map((entry) => entry.pairIndex)]);
  });

  it('fetches nothing while enough items ahead are loaded or on their way, then the next batch after them', () => {
    const requested = new Set(queue.slice(0, ITEM_BATCH).map((entry) => entry.pairIndex));
    expect(pairsToFetch(queue, ITEM_BATCH - FETCH_AHEAD - 1, requested)).toEqual([]);
    const later = pairsToFetch(queue, ITEM_BATCH - FETCH_AHEAD, requested);
    expect(later).toEqual([queue.slice(ITEM_BATCH, 2 * ITEM_BATCH).map((entry) => entry.pairIndex)]);
  });

  it('stops at the end of the queue', () => {
    expect(pairsToFetch(queue, 95, new Set())).toEqual([queue.slice(95).map((entry) => entry.pairIndex)]);
    expect(pairsToFetch(queue, 100, new Set())).toEqual([]);
  });
});

describe('queryRun', () => {
  const queue = entries(['a', 'a', 'b', 'b', 'b', 'c']);
  it('is the run of entries sharing the query at a position', () => {
    expect(queryRun(queue, 0)).toEqual({ start: 0, end: 2 });
    expect(queryRun(queue, 3)).toEqual({ start: 2, end: 5 });
    expect(queryRun(queue, 5)).toEqual({ start: 5, end: 6 });
    // Past the end (the "all done" screen): the last query.
    expect(queryRun(queue, 6)).toEqual({ start: 5, end: 6 });
    expect(queryRun([], 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('labels', () => {
  const queue: QueueEntry[] = [
    { pairIndex: 1, queryId: 'a', grade: 1, skipped: false },
    { pairIndex: 2, queryId: 'a', grade: null, skipped: true },
    { pairIndex: 3, queryId: 'a', grade: null, skipped: false },
  ];

  it('starts from the queue\'s own labels as acknowledged', () => {
    const labels = labelsFromQueue(queue);
    expect([...labels]).toEqual([
      [1, { value: { grade: 1 }, status: 'saved' }],
      [2, { value: { skip: '' }, status: 'saved' }],
    ]);
    expect(countSaved(labels)).toBe(2);
  });

  it('counts only labels the server acknowledged, not ones in flight, failed or taken back', () => {
    const labels = new Map<number, LabelState>([
      [1, { value: { grade: 1 }, status: 'saved' }],
      [2, { value: { grade: 0 }, status: 'saving' }],
      [3, { value: { grade: 0 }, status: 'error', error: 'offline' }],
      [4, { value: null, status: 'saved' }],
    ]);
    expect(countSaved(labels)).toBe(1);
    expect(countSaving(labels)).toBe(1);
  });

  it('words grades with their key and label, and skips with their reason', () => {
    expect(labelText(scale, { grade: 0 })).toBe('0 Not relevant');
    expect(labelText(scale, { skip: 'language' })).toBe('Skipped: A language I cannot read');
    expect(labelText(scale, { skip: '' })).toBe('Skipped');
    expect(labelText(scale, { skip: 'made-up' })).toBe('Skipped: made-up');
  });

  it('finds the next item without a label', () => {
    const labels = labelsFromQueue(queue);
    expect(nextUnlabelled(queue, labels, 0)).toBe(2);
    expect(nextUnlabelled(queue, new Map([...labels, [3, { value: { grade: 1 }, status: 'saving' }]]), 0)).toBe(-1);
    expect(nextUnlabelled(queue, new Map([...labels, [1, { value: null, status: 'saved' }]]), 0)).toBe(0);
  });
});
