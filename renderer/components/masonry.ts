export interface MasonryPlacement {
  left: number;
  top: number;
}

export interface MasonryLayout {
  columns: number;
  columnWidth: number;
  placements: MasonryPlacement[];
  height: number;
}

/**
 * Places cards of the given heights in rank order: the first row holds ranks 1…N from left to right, and
 * each later card goes to the shortest column (the leftmost of equals). So a card never sits higher than
 * the card ranked before it, and reading top to bottom is reading in rank order.
 */
export function layOutMasonry(heights: readonly number[], width: number, minColumnWidth: number, gap: number): MasonryLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minColumnWidth + gap)));
  const columnWidth = Math.max(0, (width - gap * (columns - 1)) / columns);
  const bottoms = new Array<number>(columns).fill(0);
  const placements = heights.map((height) => {
    let column = 0;
    for (let c = 1; c < columns; c++) if (bottoms[c]! < bottoms[column]!) column = c;
    const top = bottoms[column]!;
    bottoms[column] = top + height + gap;
    return { left: column * (columnWidth + gap), top };
  });
  return { columns, columnWidth, placements, height: Math.max(0, Math.max(...bottoms) - gap) };
}
