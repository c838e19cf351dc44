/** Scores span RRF's 0.03 to BM25's 30: four decimals below 100 keep small scores apart, one above. */
export const formatScore = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(4));
