import { describe, expect, it } from 'vitest';
import { layOutMasonry } from '../../../renderer/components/masonry';

describe('layOutMasonry', () => {
  it('puts ranks 1…N across the top row, left to right', () => {
    const layout = layOutMasonry([300, 200, 250, 400, 100], 956, 220, 16);
    expect(layout.columns).toBe(4);
    expect(layout.columnWidth).toBe(227);
    expect(layout.placements.slice(0, 4)).toEqual([
      { left: 0, top: 0 },
      { left: 243, top: 0 },
      { left: 486, top: 0 },
      { left: 729, top: 0 },
    ]);
    // Rank 5 goes under the shortest card of the top row (rank 2).
    expect(layout.placements[4]).toEqual({ left: 243, top: 216 });
    expect(layout.height).toBe(400);
  });

  it('never places a card higher than the card ranked before it', () => {
    const heights = Array.from({ length: 60 }, (_, i) => 120 + ((i * 7919) % 260));
    const { placements } = layOutMasonry(heights, 1240, 220, 16);
    for (let i = 1; i < placements.length; i++) expect(placements[i]!.top).toBeGreaterThanOrEqual(placements[i - 1]!.top);
  });

  it('falls back to one column when narrow or not measured yet', () => {
    const layout = layOutMasonry([100, 50], 0, 220, 16);
    expect(layout.columns).toBe(1);
    expect(layout.placements).toEqual([
      { left: 0, top: 0 },
      { left: 0, top: 116 },
    ]);
  });
});
