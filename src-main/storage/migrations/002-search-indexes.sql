-- Search: the default sort (created, then hash as tiebreaker) reads straight from one index.
DROP INDEX source_images_created;
CREATE INDEX source_images_created ON source_images(organization_id, deleted_date, created, hash);
