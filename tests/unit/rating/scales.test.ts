import { describe, expect, it } from 'vitest';
import { BINARY_SCALE, BUILT_IN_SCALES, FIVE_LEVEL_SCALE, levelForKey, parseRating, parseScale, RESERVED_KEYS, TREC_SCALE, type ScaleInput } from '../../../core/rating/scales';

const custom = (levels: ScaleInput['levels']): ScaleInput => ({ id: 'custom', name: 'Custom', levels });
const level = (value: number, key: string, label = `L${value}`) => ({ value, label, key, color: '#112233' });

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { location?: { field?: string } }).location?.field;
  }
  throw new Error('expected an error');
};

describe('built-in scales', () => {
  it('are the 5-level, binary and TREC 0–3 scales, most relevant first, with distinct keys', () => {
    expect(BUILT_IN_SCALES.map((scale) => scale.id)).toEqual(['five-level', 'binary', 'trec-0-3']);
    expect(FIVE_LEVEL_SCALE.levels.map((l) => [l.value, l.label, l.key])).toEqual([
      [5, 'Highly relevant', '5'],
      [4, 'Relevant', '4'],
      [3, 'Marginally relevant', '3'],
      [2, 'Irrelevant', '2'],
      [1, 'Highly irrelevant', '1'],
    ]);
    expect(BINARY_SCALE.levels.map((l) => l.value)).toEqual([1, 0]);
    expect(TREC_SCALE.levels.map((l) => l.value)).toEqual([3, 2, 1, 0]);
    for (const scale of BUILT_IN_SCALES) expect(scale.levels.every((l) => l.description.length > 0)).toBe(true);
  });
});

describe('parseScale', () => {
  it('sorts levels from most to least relevant and fills an empty description', () => {
    const scale = parseScale(custom([level(0, 'x'), level(2, 'z'), level(1, 'y')]));
    expect(scale.levels.map((l) => l.value)).toEqual([2, 1, 0]);
    expect(scale.levels[0]!.description).toBe('');
  });

  it('refuses every key the rating screen reserves, in either case', () => {
    for (const key of [...RESERVED_KEYS, 'u', 's', 'n', 'g']) {
      expect(fieldOf(() => parseScale(custom([level(1, key), level(0, 'x')]))), key).toBe('levels.0.key');
    }
  });

  it('names the field of repeated values, keys (case-insensitive) and labels', () => {
    expect(fieldOf(() => parseScale(custom([level(1, 'a'), level(1, 'b')])))).toBe('levels.1.value');
    expect(fieldOf(() => parseScale(custom([level(1, 'a'), level(0, 'A')])))).toBe('levels.1.key');
    expect(fieldOf(() => parseScale(custom([level(1, 'a', 'Good'), level(0, 'b', 'good')])))).toBe('levels.1.label');
  });

  it('refuses too few or too many levels, multi-character keys, bad colours and ids', () => {
    expect(() => parseScale(custom([level(1, 'a')]))).toThrow(/at least 2 levels/);
    expect(() => parseScale(custom(Array.from({ length: 11 }, (_, i) => level(i, String.fromCharCode(97 + i)))))).toThrow(/at most 10/);
    expect(fieldOf(() => parseScale(custom([level(1, 'ab'), level(0, 'c')])))).toBe('levels.0.key');
    expect(fieldOf(() => parseScale(custom([{ ...level(1, 'a'), color: 'red' }, level(0, 'c')])))).toBe('levels.0.color');
    expect(fieldOf(() => parseScale({ ...custom([level(1, 'a'), level(0, 'c')]), id: 'Bad Id' }))).toBe('id');
    expect(() => parseScale({ ...custom([level(1, 'a'), level(0, 'c')]), extra: 1 })).toThrow();
  });
});

describe('levelForKey', () => {
  it('finds a level by its key, case-insensitively, and nothing for other keys', () => {
    const scale = parseScale(custom([level(1, 'Y', 'Yes'), level(0, 'x', 'No')]));
    expect(levelForKey(scale, 'y')?.label).toBe('Yes');
    expect(levelForKey(scale, 'X')?.label).toBe('No');
    expect(levelForKey(scale, 'z')).toBeNull();
    expect(levelForKey(FIVE_LEVEL_SCALE, '5')?.value).toBe(5);
    expect(levelForKey(FIVE_LEVEL_SCALE, '0')).toBeNull();
  });
});

describe('parseRating', () => {
  it('takes a grade on the scale and refuses one off it', () => {
    expect(parseRating(FIVE_LEVEL_SCALE, { kind: 'grade', value: 4 })).toEqual({ kind: 'grade', value: 4 });
    expect(() => parseRating(FIVE_LEVEL_SCALE, { kind: 'grade', value: 0 })).toThrow(/one of the scale's values \(5, 4, 3, 2, 1\)/);
    expect(fieldOf(() => parseRating(BINARY_SCALE, { kind: 'grade', value: 2 }))).toBe('value');
  });

  it('takes a skip with a known reason, and wants a note when the reason is "other"', () => {
    expect(parseRating(FIVE_LEVEL_SCALE, { kind: 'skip', reason: 'language' })).toEqual({ kind: 'skip', reason: 'language' });
    expect(fieldOf(() => parseRating(FIVE_LEVEL_SCALE, { kind: 'skip', reason: 'bored' }))).toBe('reason');
    expect(fieldOf(() => parseRating(FIVE_LEVEL_SCALE, { kind: 'skip', reason: 'other' }))).toBe('note');
    expect(fieldOf(() => parseRating(FIVE_LEVEL_SCALE, { kind: 'skip', reason: 'other', note: '   ' }))).toBe('note');
    expect(parseRating(FIVE_LEVEL_SCALE, { kind: 'skip', reason: 'other', note: ' broken link ' })).toEqual({ kind: 'skip', reason: 'other', note: 'broken link' });
  });
});
