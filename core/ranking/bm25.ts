/**
 * BM25 of one field (title, text or tags) for a set of candidate documents, given that field's
 * corpus statistics. Used for the per-field BM25 features; the index's own BM25 covers all fields at once.
 */

export interface Bm25FieldStats {
  /** Documents in the corpus. */
  docCount: number;
  /** Mean number of analyzed terms in this field over the corpus. */
  avgFieldLength: number;
  /** Documents whose field contains the term at least once. */
  docFreq: ReadonlyMap<string, number>;
}

export interface Bm25Parameters {
  /** Term-frequency saturation. */
  k1: number;
  /** Strength of the field-length normalization, 0 (none) to 1 (full). */
  b: number;
}

export const BM25_DEFAULT_PARAMETERS: Readonly<Bm25Parameters> = { k1: 1.2, b: 0.75 };

/** Lucene's idf, ln(1 + (N − df + 0.5) / (df + 0.5)): never negative, unlike the classic Robertson form. */
export function bm25Idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

/** Corpus statistics of one field, from every document's analyzed terms for it. */
export function collectBm25FieldStats(fields: Iterable<readonly string[]>): Bm25FieldStats {
  const { docCount, avgFieldLength, docFreq } = collectCorpusTermStats(fields);
  return { docCount, avgFieldLength, docFreq };
}

/** Whole-corpus term statistics: BM25's plus collection frequencies, for query-IDF and relevance-model features. */
export interface CorpusTermStats extends Bm25FieldStats {
  /** Analyzed terms in the whole corpus (Σ document lengths). */
  totalLength: number;
  /** Occurrences of each term in the whole corpus. */
  collectionFreq: ReadonlyMap<string, number>;
}

/** collectBm25FieldStats plus collection frequencies, from every document's analyzed terms. */
export function collectCorpusTermStats(documents: Iterable<readonly string[]>): CorpusTermStats {
  const counter = corpusTermCounter();
  for (const terms of documents) counter.add(terms);
  return counter.stats();
}

/** CorpusTermStats built one document at a time, so a corpus never has to be held in memory. */
export function corpusTermCounter(): { add: (terms: readonly string[]) => void; stats: () => CorpusTermStats } {
  let docCount = 0;
  let totalLength = 0;
  const docFreq = new Map<string, number>();
  const collectionFreq = new Map<string, number>();
  return {
    add(terms) {
      docCount++;
      totalLength += terms.length;
      for (const term of terms) collectionFreq.set(term, (collectionFreq.get(term) ?? 0) + 1);
      for (const term of new Set(terms)) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
    },
    stats: () => ({ docCount, avgFieldLength: docCount > 0 ? totalLength / docCount : 0, docFreq, totalLength, collectionFreq }),
  };
}

/**
 * Σ over query terms of idf · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl)), one score per candidate, where
 * tf counts the term in the candidate's field and dl is the field's length in terms. A term repeated in
 * the query counts once per occurrence, as in Lucene; the (k1 + 1) factor, which Lucene 8+ drops, is kept
 * as tantivy does, so scores are on the index's scale.
 */
export function bm25FieldScores(
  queryTerms: readonly string[],
  candidateFields: readonly (readonly string[])[],
  stats: Bm25FieldStats,
  { k1, b }: Bm25Parameters = BM25_DEFAULT_PARAMETERS,
): Float64Array {
  const slotOf = new Map<string, number>();
  const queryWeights: number[] = [];
  for (const term of queryTerms) {
    const idf = bm25Idf(stats.docCount, stats.docFreq.get(term) ?? 0);
    const slot = slotOf.get(term);
    if (slot === undefined) {
      slotOf.set(term, queryWeights.length);
      queryWeights.push(idf);
    } else {
      queryWeights[slot]! += idf;
    }
  }
  const termFreq = new Int32Array(queryWeights.length);
  const scores = new Float64Array(candidateFields.length);
  candidateFields.forEach((terms, candidate) => {
    termFreq.fill(0);
    for (const term of terms) {
      const slot = slotOf.get(term);
      if (slot !== undefined) termFreq[slot]!++;
    }
    // Used only where tf > 0, which implies dl > 0 and so, for consistent statistics, avgFieldLength > 0.
    const lengthNorm = k1 * (1 - b + (b * terms.length) / stats.avgFieldLength);
    let score = 0;
    for (let slot = 0; slot < termFreq.length; slot++) {
      const tf = termFreq[slot]!;
      if (tf > 0) score += (queryWeights[slot]! * tf * (k1 + 1)) / (tf + lengthNorm);
    }
    scores[candidate] = score;
  });
  return scores;
}
