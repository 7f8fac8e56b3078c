-- Stored originals found damaged or missing when they were re-hashed (by the background scrub,
-- or before a download or render). Kept across restarts so the damage stays visible until the
-- original is repaired (re-uploaded) or its images are deleted; an object re-hashed intact again
-- leaves the table.
CREATE TABLE damaged_objects (
  blob_hash TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('missing', 'damaged')),
  found TEXT NOT NULL
) WITHOUT ROWID;

-- Where the background scrub stands, so a restart resumes its pass instead of starting over:
-- objects are walked in blob-hash order after `cursor`.
CREATE TABLE scrub_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cursor TEXT NOT NULL DEFAULT '',
  checked_in_pass INTEGER NOT NULL DEFAULT 0,
  passes INTEGER NOT NULL DEFAULT 0,
  last_check TEXT,
  last_pass TEXT
);
INSERT INTO scrub_progress (id) VALUES (1);
