/** RFC 4180 CSV cells, and the guard against spreadsheet formula injection on cells we write. */

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is written with a leading `'`, the OWASP guard. */
export function safeCell(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** Undoes {@link safeCell}'s guard when reading our own files back. */
export function unguardCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export const csvRow = (cells: readonly string[]): string => `${cells.map(safeCell).join(',')}\n`;

/** One line's cells; null when a quoted cell is left open (the caller names the line). */
export function parseCsvLine(text: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const character = text[i]!;
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"' && cell === '') quoted = true;
    else if (character === ',') {
      cells.push(cell);
      cell = '';
    } else cell += character;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}
