-- Cluster mode: a plate read on a worker reaches the api node with a key made of what it is (time, camera, track,
-- reason); the api node stores a key once, so a resend after a lost acknowledgement never duplicates the row.
-- NULL for plates stored in one process: a unique index lets NULLs repeat (H2 and PostgreSQL alike).
ALTER TABLE plate_read ADD COLUMN source_key VARCHAR(200);
CREATE UNIQUE INDEX plate_read_source_key ON plate_read (source_key);
