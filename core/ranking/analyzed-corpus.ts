/**
 * What the learned ranker's features need from the whole corpus, computed once per table version by one
 * scan: the corpus term statistics, and every document's analyzed fields (a forward index of term ids),
 * so a featured query analyzes none of its candidates again. Analysis (tokenizing and stemming) costs
 * far more than the features themselves.
 */
import { FIELD_COLUMNS, type DocumentTable } from '../index/document-table';
import type { DocumentRecord } from '../index/document-record';
import { corpusTermCounter, type CorpusTermStats } from './bm25';
import { analyzeDocument, analyzeTerms, tokenize, type AnalyzedDocument, type FeatureField } from './features';

/** Corpus statistics of the whole document (the search column) and of each field. */
export interface FeatureCorpusStats {
  document: CorpusTermStats;
  fields: Record<FeatureField, CorpusTermStats>;
}

export interface AnalyzedCorpus {
  stats: FeatureCorpusStats;
  /** The document analyzed: from the forward index when the scan kept it, else analyzed now. */
  analyze: (doc: Pick<DocumentRecord, 'id' | 'title' | 'text' | 'tags' | 'board'>) => AnalyzedDocument;
  /** Documents whose analysis the forward index holds. */
  indexedDocuments: number;
}

/**
 * Term ids the forward index may hold (4 bytes each): 2^25 ≈ 128 MiB, about 250,000 abstracts. Documents
 * scanned after it is full are analyzed per query instead, which is correct, only slower.
 */
export const FORWARD_INDEX_TERM_BUDGET = 2 ** 25;

/** The segments a document's analysis is stored as, in this order. */
const SEGMENTS = ['title', 'text', 'tags', 'board'] as const;

/** Term ids of every document, each document's four segments back to back in one growing buffer. */
class ForwardIndex {
  private readonly vocabulary: string[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly rowOf = new Map<string, number>();
  private terms = new Int32Array(1 << 16);
  private used = 0;
  /** Per document: where its terms start, then each segment's length. */
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];

  constructor(private readonly budget: number) {}

  get size(): number {
    return this.starts.length;
  }

  /** Keeps the document's segments; false (and nothing kept) once the budget would be exceeded. */
  add(id: string, segments: readonly (readonly string[])[]): boolean {
    const total = segments.reduce((sum, segment) => sum + segment.length, 0);
    if (this.used + total > this.budget || this.rowOf.has(id)) return false;
    if (this.used + total > this.terms.length) {
      const grown = new Int32Array(Math.min(this.budget, Math.max(this.terms.length * 2, this.used + total)));
      grown.set(this.terms.subarray(0, this.used));
      this.terms = grown;
    }
    this.rowOf.set(id, this.starts.length);
    this.starts.push(this.used);
    for (const segment of segments) {
      this.lengths.push(segment.length);
      for (const term of segment) this.terms[this.used++] = this.idOf(term);
    }
    return true;
  }

  /** The document's segments as terms, or null when the index does not hold it. */
  segments(id: string): string[][] | null {
    const row = this.rowOf.get(id);
    if (row === undefined) return null;
    let at = this.starts[row]!;
    return SEGMENTS.map((_, segment) => {
      const length = this.lengths[row * SEGMENTS.length + segment]!;
      const terms = new Array<string>(length);
      for (let i = 0; i < length; i++) terms[i] = this.vocabulary[this.terms[at + i]!]!;
      at += length;
      return terms;
    });
  }

  private idOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.vocabulary.length;
      this.vocabulary.push(term);
      this.termIds.set(term, id);
    }
    return id;
  }
}

/** Analyzed fields from their segments; the document's terms are title, text, tags, board, as the search column holds them. */
function fromSegments(doc: Pick<DocumentRecord, 'title' | 'board'>, [title, text, tags, board]: string[][]): AnalyzedDocument {
  return { fields: { title: title!, text: text!, tags: tags! }, boardTerms: board!, normalizedTitle: tokenize(doc.title).join(' '), board: doc.board };
}

/** One pass over the table: statistics of each field and of the whole document, and the forward index. */
export async function scanAnalyzedCorpus(table: DocumentTable, budget = FORWARD_INDEX_TERM_BUDGET): Promise<AnalyzedCorpus> {
  const counters = { document: corpusTermCounter(), title: corpusTermCounter(), text: corpusTermCounter(), tags: corpusTermCounter() };
  const index = new ForwardIndex(budget);
  for await (const batch of table.query().select(['id', FIELD_COLUMNS.title, FIELD_COLUMNS.text, FIELD_COLUMNS.tags, 'board'])) {
    const [ids, titles, texts, tags, boards] = ['id', FIELD_COLUMNS.title, FIELD_COLUMNS.text, FIELD_COLUMNS.tags, 'board'].map((name) => batch.getChild(name)!);
    for (let row = 0; row < batch.numRows; row++) {
      const segments = [titles!, texts!, tags!, boards!].map((column) => analyzeTerms(String(column.get(row) ?? '')));
      counters.title.add(segments[0]!);
      counters.text.add(segments[1]!);
      counters.tags.add(segments[2]!);
      // The search column is title, text, tags and board joined by separators: its terms are the segments' in order.
      counters.document.add(segments.flat());
      index.add(String(ids!.get(row)), segments);
    }
  }
  const stats: FeatureCorpusStats = {
    document: counters.document.stats(),
    fields: { title: counters.title.stats(), text: counters.text.stats(), tags: counters.tags.stats() },
  };
  return {
    stats,
    indexedDocuments: index.size,
    analyze: (doc) => {
      const segments = index.segments(doc.id);
      return segments ? fromSegments(doc, segments) : analyzeDocument(doc);
    },
  };
}

/** The scan per table, redone when the table's version changes (an append, a re-import). */
const cache = new WeakMap<DocumentTable, { version: number; corpus: Promise<AnalyzedCorpus> }>();

export async function analyzedCorpus(table: DocumentTable): Promise<AnalyzedCorpus> {
  const version = await table.version();
  const cached = cache.get(table);
  if (cached?.version === version) return cached.corpus;
  const corpus = scanAnalyzedCorpus(table);
  cache.set(table, { version, corpus });
  corpus.catch(() => cache.delete(table));
  return corpus;
}
