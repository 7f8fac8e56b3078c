-- Watched folders: files saved into them are imported by themselves, once each.
CREATE TABLE watched_folders (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  recursive INTEGER NOT NULL DEFAULT 1,
  -- JSON arrays of glob patterns, matched against the path relative to the folder.
  include_patterns TEXT NOT NULL,
  exclude_patterns TEXT NOT NULL DEFAULT '[]',
  user_metadata TEXT NOT NULL DEFAULT '{}',
  trash_on_delete INTEGER NOT NULL DEFAULT 0,
  paused INTEGER NOT NULL DEFAULT 0,
  -- Added by `--watch` for one run of the headless server; dropped when a later run omits it.
  transient INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  known INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE UNIQUE INDEX watched_folders_path_org ON watched_folders(path, organization_id);

-- What Darkroom last read from each file of a watched folder: a file with the same size and
-- mtime is known and not read again. status is 'imported' or 'skipped' (reason says why).
CREATE TABLE watch_files (
  folder_id TEXT NOT NULL REFERENCES watched_folders(id) ON DELETE CASCADE,
  rel_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  binary_hash TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  seen TEXT NOT NULL,
  PRIMARY KEY (folder_id, rel_path)
);
CREATE INDEX watch_files_hash ON watch_files(binary_hash);

-- Which file(s) each image came from; kept when the file or its folder goes (gone says when).
CREATE TABLE image_origins (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  binary_hash TEXT NOT NULL,
  path TEXT NOT NULL,
  folder_id TEXT,
  folder_path TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  gone TEXT,
  PRIMARY KEY (organization_id, binary_hash, path)
);
CREATE INDEX image_origins_path ON image_origins(path);

-- Files being imported right now; rows left after a crash are resumed at the next start.
CREATE TABLE watch_journal (
  folder_id TEXT NOT NULL REFERENCES watched_folders(id) ON DELETE CASCADE,
  rel_path TEXT NOT NULL,
  started TEXT NOT NULL,
  binary_hash TEXT,
  PRIMARY KEY (folder_id, rel_path)
);
