-- Cluster mode: the absolute per-minute total each worker run ("source") has reported for a count bucket.
-- count_minute stays the sum over sources; a resent total only adds what it has more than the stored one,
-- so a retry never counts twice (vn.wardwatch.cluster.CountUpserts).
CREATE TABLE count_minute_source (
    camera_id          VARCHAR(32)  NOT NULL,
    line_id            VARCHAR(32)  NOT NULL,
    object_class       VARCHAR(16)  NOT NULL,
    direction          VARCHAR(8)   NOT NULL,
    minute_start_utc   TIMESTAMP WITH TIME ZONE NOT NULL,
    source_id          VARCHAR(100) NOT NULL,
    vehicle_count      BIGINT       NOT NULL,
    PRIMARY KEY (camera_id, line_id, object_class, direction, minute_start_utc, source_id)
);
