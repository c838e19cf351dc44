import type { Db } from './database';

export interface RaterRow {
  id: number;
  name: string;
  role: 'lead' | 'rater';
  hasToken: boolean;
  createdAt: string;
  createdBy: string;
}

const columns = `id, name, role, token_hash IS NOT NULL AS hasToken, created_at AS createdAt, created_by AS createdBy`;
type RawRater = Omit<RaterRow, 'hasToken'> & { hasToken: number };
const fromRaw = (raw: RawRater): RaterRow => ({ ...raw, hasToken: raw.hasToken === 1 });

/** Rater profiles; a token is stored only as its hash. */
export function ratersTable(db: Db) {
  const insert = db.prepare('INSERT INTO raters (name, role, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  const all = db.prepare(`SELECT ${columns} FROM raters ORDER BY id`);
  const byId = db.prepare(`SELECT ${columns} FROM raters WHERE id = ?`);
  const byName = db.prepare(`SELECT ${columns} FROM raters WHERE name = ?`);
  const byToken = db.prepare(`SELECT ${columns} FROM raters WHERE token_hash = ?`);
  const setToken = db.prepare('UPDATE raters SET token_hash = ? WHERE id = ?');
  return {
    insert: (row: { name: string; role: RaterRow['role']; tokenHash: string | null; createdBy: string }, at: string): number =>
      Number(insert.run(row.name, row.role, row.tokenHash, at, row.createdBy).lastInsertRowid),
    list: (): RaterRow[] => (all.all() as RawRater[]).map(fromRaw),
    find: (id: number): RaterRow | undefined => {
      const raw = byId.get(id) as RawRater | undefined;
      return raw && fromRaw(raw);
    },
    findByName: (name: string): RaterRow | undefined => {
      const raw = byName.get(name) as RawRater | undefined;
      return raw && fromRaw(raw);
    },
    findByTokenHash: (hash: string): RaterRow | undefined => {
      const raw = byToken.get(hash) as RawRater | undefined;
      return raw && fromRaw(raw);
    },
    setTokenHash: (id: number, hash: string | null): void => void setToken.run(hash, id),
  };
}
