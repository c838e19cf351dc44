// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE raters (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('lead', 'rater')),
  -- SHA-256 of the rater's token: the token itself is shown once, when issued.
  token_hash  TEXT UNIQUE,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);

CREATE TABLE query_sets (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  origin        TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  UNIQUE (dataset_id, name)
);

CREATE TABLE query_set_queries (
  query_set_id  INTEGER NOT NULL REFERENCES query_sets(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  query_id      TEXT NOT NULL,
  text          TEXT NOT NULL,
  stratum       TEXT,
  PRIMARY KEY (query_set_id, position),
  UNIQUE (query_set_id, query_id)
);

CREATE TABLE rating_tasks (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  query_set_id  INTEGER NOT NULL REFERENCES query_sets(id),
  spec          TEXT NOT NULL,
  guidelines    TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);

CREATE TABLE task_pairs (
  task_id       INTEGER NOT NULL REFERENCES rating_tasks(id) ON DELETE CASCADE,
  pair_index    INTEGER NOT NULL,
  query_id      TEXT NOT NULL,
  doc_id        TEXT NOT NULL,
  gold_grade    INTEGER,
  sources       TEXT NOT NULL,
  features      TEXT,
  feature_version TEXT,
  PRIMARY KEY (task_id, pair_index),
  UNIQUE (task_id, query_id, doc_id)
) WITHOUT ROWID;

CREATE TABLE judgments (
  id               INTEGER PRIMARY KEY,
  task_id          INTEGER NOT NULL REFERENCES rating_tasks(id) ON DELETE CASCADE,
  pair_index       INTEGER NOT NULL,
  dataset_id       INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  query_id         TEXT NOT NULL,
  doc_id           TEXT NOT NULL,
  rater_id         INTEGER NOT NULL REFERENCES raters(id),
  scale_id         TEXT NOT NULL,
  grade            INTEGER,
  skip_reason      TEXT,
  note             TEXT,
  features         TEXT,
  feature_version  TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (task_id, pair_index, rater_id),
  CHECK ((grade IS NULL) <> (skip_reason IS NULL))
);
CREATE INDEX judgments_by_pair ON judgments (dataset_id, query_id, doc_id);

CREATE TABLE adjudications (
  task_id       INTEGER NOT NULL REFERENCES rating_tasks(id) ON DELETE CASCADE,
  pair_index    INTEGER NOT NULL,
  grade         INTEGER NOT NULL,
  note          TEXT,
  decided_by    TEXT NOT NULL,
  decided_at    TEXT NOT NULL,
  PRIMARY KEY (task_id, pair_index)
) WITHOUT ROWID;
`;
