import { createHash } from 'node:crypto';

/**
 * A 32-bit seed for one named stream of a seeded task ("rater:alice", "stratum:head"), so streams are
 * independent of each other and of the order they are drawn in: adding a rater never reshuffles another's list.
 */
export function deriveSeed(seed: number, stream: string): number {
  return createHash('sha256').update(`${seed >>> 0}:${stream}`).digest().readUInt32BE(0);
}

/** Fisher–Yates shuffle into a new array (the input is left as it is). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** Code-unit order, not locale order, so every machine sorts alike. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
