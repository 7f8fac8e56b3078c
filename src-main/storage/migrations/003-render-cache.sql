-- Rendered variants: bytes in <dataDir>/renders, one row per variant for lookups and purges.
CREATE TABLE render_cache (
  key TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  stack TEXT NOT NULL,
  hash TEXT NOT NULL,
  format TEXT NOT NULL,
  mimetype TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE INDEX render_cache_stack ON render_cache(organization_id, stack);
CREATE INDEX render_cache_image ON render_cache(organization_id, hash);

-- Remote images (`-<url>-` in render URLs) are imported once; later renders reuse the import.
CREATE TABLE remote_images (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  hash TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (organization_id, url)
);
