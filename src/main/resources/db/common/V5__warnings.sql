-- Congestion and public-order warnings (issue 6). V4 is the push branch's outbox; Flyway accepts the gap, and
-- Database opens with outOfOrder so that a database already at V5 still takes V4 once it exists (checked: without
-- it Flyway refuses with "Detected resolved migration not applied to database: 4"). One row per warning: raised, then updated in place, then cleared. The snapshot JPEG (path relative to
-- the data dir) is on disk before the row is written.
CREATE TABLE warning (
    id                 VARCHAR(64)  PRIMARY KEY,
    camera_id          VARCHAR(32)  NOT NULL,
    zone_id            VARCHAR(32)  NOT NULL,
    kind               VARCHAR(16)  NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    level              VARCHAR(16),
    raised_at_utc      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at_utc     TIMESTAMP WITH TIME ZONE NOT NULL,
    cleared_at_utc     TIMESTAMP WITH TIME ZONE,
    utc_offset_seconds INT          NOT NULL,
    metrics_json       VARCHAR(4000) NOT NULL,
    snapshot_file      VARCHAR(300)
);
CREATE INDEX warning_raised ON warning (raised_at_utc, id);
CREATE INDEX warning_active ON warning (cleared_at_utc, raised_at_utc);
CREATE INDEX warning_camera_zone ON warning (camera_id, zone_id, raised_at_utc);
