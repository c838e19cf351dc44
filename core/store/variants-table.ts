import type { Db } from './database';

export interface StoredVariant {
  name: string;
  /** The variant's JSON spec, validated by the ranking layer before it is saved. */
  spec: unknown;
  createdAt: string;
  updatedAt: string;
}

interface RawVariant {
  name: string;
  spec: string;
  createdAt: string;
  updatedAt: string;
}

const columns = 'name, spec, created_at AS createdAt, updated_at AS updatedAt';
const fromRaw = (raw: RawVariant): StoredVariant => ({ ...raw, spec: JSON.parse(raw.spec) });

export function variantsTable(db: Db) {
  const all = db.prepare(`SELECT ${columns} FROM variants ORDER BY name`);
  const byName = db.prepare(`SELECT ${columns} FROM variants WHERE name = ?`);
  const upsert = db.prepare(
    `INSERT INTO variants (name, spec, created_at, updated_at) VALUES (@name, @spec, @now, @now)
     ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM variants WHERE name = ?');
  return {
    list: (): StoredVariant[] => (all.all() as RawVariant[]).map(fromRaw),
    find: (name: string): StoredVariant | undefined => {
      const raw = byName.get(name) as RawVariant | undefined;
      return raw && fromRaw(raw);
    },
    save: (name: string, spec: unknown): void => {
      upsert.run({ name, spec: JSON.stringify(spec), now: new Date().toISOString() });
    },
    remove: (name: string): boolean => remove.run(name).changes > 0,
  };
}
