// Released migrations are append-only: never edit this file, add the next number instead.
export const sql = `
CREATE TABLE comparisons (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  query_set_id  INTEGER NOT NULL REFERENCES query_sets(id),
  -- The rating task behind the comparison: inline labels are its ordinary judgments.
  task_id       INTEGER REFERENCES rating_tasks(id) ON DELETE SET NULL,
  -- Sides A and B, depth, mode, blind, assigned raters: fixed when the comparison is made.
  spec          TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL
);

-- Each query's two lists (and the merged team-draft list) frozen at creation, so raters see what was recorded.
CREATE TABLE comparison_queries (
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  query_id      TEXT NOT NULL,
  text          TEXT NOT NULL,
  list_a        TEXT NOT NULL,
  list_b        TEXT NOT NULL,
  left_side     TEXT NOT NULL CHECK (left_side IN ('A', 'B')),
  side_seed     INTEGER NOT NULL,
  interleaved   TEXT,
  PRIMARY KEY (comparison_id, position),
  UNIQUE (comparison_id, query_id)
) WITHOUT ROWID;

-- Preferences in A/B terms (2 = A much better … -2 = B much better), with the screen mapping the rater saw.
CREATE TABLE comparison_preferences (
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  rater_id      INTEGER NOT NULL REFERENCES raters(id),
  preference    INTEGER NOT NULL CHECK (preference BETWEEN -2 AND 2),
  left_side     TEXT NOT NULL CHECK (left_side IN ('A', 'B')),
  side_seed     INTEGER NOT NULL,
  note          TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (comparison_id, query_id, rater_id)
) WITHOUT ROWID;

-- What a rater would engage with in the merged list, and the credit each team got for it.
CREATE TABLE interleaving_clicks (
  comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
  query_id      TEXT NOT NULL,
  rater_id      INTEGER NOT NULL REFERENCES raters(id),
  clicked       TEXT NOT NULL,
  clicks_a      INTEGER NOT NULL,
  clicks_b      INTEGER NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('A', 'B', 'tie')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (comparison_id, query_id, rater_id)
) WITHOUT ROWID;
`;
