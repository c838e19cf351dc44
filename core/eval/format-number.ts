/**
 * C printf("%.Nf") for doubles. toFixed rounds exact ties (e.g. 0.03125 → 4 digits) up, glibc rounds
 * them to even; other values agree because both round the exact binary value.
 */
export function formatFixed(value: number, decimals: number): string {
  if (Number.isNaN(value)) return '-nan'; // what glibc prints for 0.0/0.0 on x86
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  // toFixed switches to exponent notation from 1e21; such doubles are integers, printed in full by printf.
  if (magnitude >= 1e21) return `${sign}${BigInt(magnitude)}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
  let text = magnitude.toFixed(decimals);
  if (isExactTie(magnitude, decimals) && endsWithOddDigit(text)) text = roundTieDownToEven(magnitude, decimals);
  return sign + text;
}

/** True when the exact decimal expansion of `magnitude` is a 5 right after the kept digits, then zeros. */
function isExactTie(magnitude: number, decimals: number): boolean {
  // Cheap filter first: a tie sits (up to rounding of this product) exactly halfway between steps.
  const scaled = magnitude * 10 ** decimals;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6 || magnitude >= 1e21) return false;
  const expanded = magnitude.toFixed(Math.min(100, decimals + 60));
  const afterKept = expanded.slice(expanded.indexOf('.') + 1 + decimals);
  return /^50*$/.test(afterKept);
}

function endsWithOddDigit(text: string): boolean {
  return Number(text[text.length - 1]) % 2 === 1;
}

/** The tie was rounded up to an odd last digit: take the value below instead. */
function roundTieDownToEven(magnitude: number, decimals: number): string {
  const expanded = magnitude.toFixed(Math.min(100, decimals + 60));
  const keep = expanded.indexOf('.') + 1 + decimals;
  const truncated = decimals === 0 ? expanded.slice(0, keep - 1) : expanded.slice(0, keep);
  return truncated;
}
