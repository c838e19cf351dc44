/**
 * Plain BM25 engines to measure the `bm25` variant against, built the obvious way over one text
 * column (title + text), with queries reduced to their `[a-z0-9]+` tokens:
 * - a LanceDB full-text index (English stemming, lowercase, stop words kept, no positions);
 * - SQLite FTS5 with the porter tokenizer, ranked by bm25(), the tokens OR-ed.
 * The peer baseline of scripts/bench-bm25-peers.ts (`npm run bench:bm25`).
 */
import * as lancedb from '@lancedb/lancedb';
import Database from 'better-sqlite3';

export interface PeerDocument {
  id: string;
  title: string;
  text: string;
}

export interface PeerHit {
  id: string;
  score: number;
}

export interface Bm25Peer {
  readonly name: string;
  /** Best first, in the engine's own order. */
  search(text: string, limit: number): Promise<PeerHit[]>;
  close(): void;
}

/** The query as the peers get it: lowercase `[a-z0-9]+` tokens, so no character can act as query syntax. */
export function peerQueryTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

const peerText = (doc: PeerDocument) => `${doc.title} ${doc.text}`;

export async function createLancePeer(dir: string, docs: readonly PeerDocument[]): Promise<Bm25Peer> {
  const db = await lancedb.connect(dir);
  const table = await db.createTable(
    'peer',
    docs.map((doc) => ({ id: doc.id, text: peerText(doc) })),
    { mode: 'overwrite' },
  );
  await table.createIndex('text', {
    config: lancedb.Index.fts({ language: 'English', stem: true, lowercase: true, removeStopWords: false, withPosition: false }),
  });
  return {
    name: `plain LanceDB FTS`,
    async search(text, limit) {
      const tokens = peerQueryTokens(text);
      if (tokens.length === 0) return [];
      const rows = await table.search(tokens.join(' '), 'fts').select(['id', '_score']).limit(limit).toArray();
      return rows.map((row) => ({ id: row.id as string, score: row._score as number }));
    },
    close: () => db.close(),
  };
}

export function createFts5Peer(docs: readonly PeerDocument[]): Bm25Peer {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='porter')");
  const insert = db.prepare('INSERT INTO docs (id, body) VALUES (?, ?)');
  db.transaction(() => {
    for (const doc of docs) insert.run(doc.id, peerText(doc));
  })();
  // bm25() is lower-is-better; the score is negated so that, as everywhere else, higher is better.
  const select = db.prepare<[string, number], { id: string; score: number }>(
    'SELECT id, -bm25(docs) AS score FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?',
  );
  return {
    name: 'SQLite FTS5 (porter)',
    async search(text, limit) {
      const tokens = peerQueryTokens(text);
      if (tokens.length === 0) return [];
      return select.all(tokens.map((token) => `"${token}"`).join(' OR '), limit);
    },
    close: () => db.close(),
  };
}
