-- Each zone's traffic summed up per UTC minute (issue 6): what congestion history and trend charts read. One row per
-- (camera, zone, minute); a minute written twice (a retry) replaces itself.
CREATE TABLE zone_minute (
    camera_id             VARCHAR(32)  NOT NULL,
    zone_id               VARCHAR(32)  NOT NULL,
    minute_start_utc      TIMESTAMP WITH TIME ZONE NOT NULL,
    utc_offset_seconds    INT          NOT NULL,
    frames                INT          NOT NULL,
    mean_occupancy        DOUBLE PRECISION NOT NULL,
    max_occupancy         INT          NOT NULL,
    mean_people           DOUBLE PRECISION NOT NULL,
    max_people            INT          NOT NULL,
    flow                  INT          NOT NULL,
    speed_px              DOUBLE PRECISION,
    speed_kmh             DOUBLE PRECISION,
    max_queue_vehicles    INT          NOT NULL,
    mean_stationary_share DOUBLE PRECISION NOT NULL,
    worst_level           VARCHAR(16)  NOT NULL,
    PRIMARY KEY (camera_id, zone_id, minute_start_utc)
);
CREATE INDEX zone_minute_time ON zone_minute (minute_start_utc);
