import type { Db } from './database';

/** Bundled demo datasets the user deleted: the first-start import must not bring them back. */
export function declinedDemosTable(db: Db) {
  const insert = db.prepare('INSERT OR REPLACE INTO declined_demos (name, declined_at) VALUES (?, ?)');
  const all = db.prepare<[], { name: string }>('SELECT name FROM declined_demos');
  return {
    decline: (name: string, at: string): void => void insert.run(name, at),
    names: (): Set<string> => new Set(all.all().map((row) => row.name)),
  };
}
