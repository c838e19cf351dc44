import { createHash } from 'node:crypto';

/** Bumped if normalization ever changes, so an old hash can never match a differently normalized set. */
const HASH_VERSION = 'relwb-query-set-v1';

/**
 * The form queries are compared and hashed in: Unicode NFKC, lowercase, runs of whitespace (newlines
 * included) as one space, trimmed. Search engines treat these variants as the same query.
 */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * SHA-256 (hex) of the normalized queries in their given order, one per line after a version line.
 * Normalized queries hold no newline, so the encoding is unambiguous; order and duplicates count.
 */
export function querySetHash(queries: readonly string[]): string {
  const hash = createHash('sha256').update(`${HASH_VERSION}\n`);
  for (const query of queries) hash.update(`${normalizeQuery(query)}\n`);
  return hash.digest('hex');
}
