-- Darkroom's first schema: identities, organizations, source images, stacks.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  created TEXT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL UNIQUE,
  comment TEXT,
  created TEXT NOT NULL,
  accessed TEXT
);
CREATE INDEX api_keys_user ON api_keys(user_id);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  billing_email TEXT NOT NULL,
  master_organization TEXT NOT NULL,
  created TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '{}',
  signing_key TEXT NOT NULL
);

CREATE TABLE memberships (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  roles TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  comment TEXT,
  created TEXT NOT NULL,
  last_access TEXT,
  PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_org ON memberships(organization_id);

-- One row per (organization, hash). The bytes live in the blob store under binary_hash.
CREATE TABLE source_images (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  hash TEXT NOT NULL,
  binary_hash TEXT NOT NULL,
  -- The stored object's SHA-1: equals binary_hash unless optimize_source converted the upload.
  blob_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  mimetype TEXT NOT NULL,
  format TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created TEXT NOT NULL,
  user_metadata TEXT NOT NULL DEFAULT '{}',
  dynamic_metadata TEXT NOT NULL DEFAULT '{}',
  static_metadata TEXT NOT NULL DEFAULT '{}',
  protected INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  opaque INTEGER NOT NULL DEFAULT 1,
  animated INTEGER NOT NULL DEFAULT 0,
  entropy REAL,
  deleted_date TEXT,
  PRIMARY KEY (organization_id, hash)
);
CREATE INDEX source_images_created ON source_images(organization_id, deleted_date, created);
CREATE INDEX source_images_binary ON source_images(organization_id, binary_hash);
CREATE INDEX source_images_name ON source_images(organization_id, name);
CREATE INDEX source_images_blob ON source_images(blob_hash);

-- Typed user metadata, one row per field, so search and sort use indexes.
-- field is the search name without "user:" (e.g. "str:foo", "int:count", "array:tags").
-- Array fields store one row per element.
CREATE TABLE source_image_meta (
  organization_id TEXT NOT NULL,
  hash TEXT NOT NULL,
  field TEXT NOT NULL,
  value_text TEXT,
  value_num REAL,
  FOREIGN KEY (organization_id, hash) REFERENCES source_images(organization_id, hash) ON DELETE CASCADE
);
CREATE INDEX source_image_meta_text ON source_image_meta(organization_id, field, value_text);
CREATE INDEX source_image_meta_num ON source_image_meta(organization_id, field, value_num);
CREATE INDEX source_image_meta_image ON source_image_meta(organization_id, hash);

CREATE TABLE aliases (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  hash TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (organization_id, alias)
);

CREATE TABLE stacks (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created TEXT NOT NULL,
  description TEXT,
  operations TEXT NOT NULL,
  options TEXT NOT NULL,
  expressions TEXT NOT NULL,
  variables TEXT NOT NULL,
  PRIMARY KEY (organization_id, name)
);
