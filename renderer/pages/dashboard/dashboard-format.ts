/** Numbers as `relwb compare` prints them, CSV text for every chart's table, and the file download. */

import { saveBlob } from '../../api/save-blob';

/** Four decimals like the CLI; '—' for what could not be computed (the API sends non-finite numbers as null). */
export function fixed(value: number | null | undefined, decimals = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(decimals);
}

export function signed(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value < 0.0001 ? '<0.0001' : value.toFixed(4);
}

export function interval(range: readonly [number, number]): string {
  return `[${signed(range[0])}, ${signed(range[1])}]`;
}

/** RFC 4180 CSV: cells with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A file name from a chart title: letters, digits and dashes. */
export function fileStem(title: string): string {
  return title.replace(/[^A-Za-z0-9@]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'table';
}

/** Saves text as a file through the browser. */
export function downloadText(fileName: string, text: string, mimeType: string): void {
  saveBlob(fileName, new Blob([text], { type: mimeType }));
}
