import { describe, expect, it } from 'vitest';
import { moveFocus, PREFERENCE_KEYS, toggleEngaged } from '../../../renderer/pages/side-by-side/comparison-keys';

describe('side-by-side keys', () => {
  it('maps one row of keys to the five choices, left to right, clashing with no digit of a built-in scale', () => {
    expect(PREFERENCE_KEYS.map((entry) => entry.choice)).toEqual(['left-much-better', 'left-better', 'same', 'right-better', 'right-much-better']);
    expect(PREFERENCE_KEYS.some((entry) => /\d/.test(entry.key))).toBe(false);
  });

  it('moves the focus within a column, clamped, and across columns keeping the row where it can', () => {
    const lengths = { left: 3, right: 2 };
    expect(moveFocus({ column: 'left', row: 0 }, 'up', lengths)).toEqual({ column: 'left', row: 0 });
    expect(moveFocus({ column: 'left', row: 2 }, 'down', lengths)).toEqual({ column: 'left', row: 2 });
    expect(moveFocus({ column: 'left', row: 2 }, 'right', lengths)).toEqual({ column: 'right', row: 1 });
    expect(moveFocus({ column: 'right', row: 1 }, 'left', lengths)).toEqual({ column: 'left', row: 1 });
    expect(moveFocus({ column: 'left', row: 1 }, 'right', { left: 3, right: 0 })).toEqual({ column: 'left', row: 1 });
  });

  it('toggles engagement, keeping the order documents were marked in', () => {
    expect(toggleEngaged(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(toggleEngaged(['a', 'b', 'c'], 'b')).toEqual(['a', 'c']);
  });
});
