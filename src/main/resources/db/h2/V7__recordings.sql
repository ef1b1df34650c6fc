-- Continuous recording (issue 7): the camera's original stream in segments, copied without re-encoding.
-- Times are UTC instants: the stream's own timestamps anchored to the wall clock when the first segment finished.
CREATE TABLE recording_segment (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    camera_id        VARCHAR(32)  NOT NULL,
    start_utc        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    end_utc          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    -- Relative to <data_dir>/recordings.
    file             VARCHAR(512) NOT NULL UNIQUE,
    size_bytes       BIGINT       NOT NULL,
    sha256           CHAR(64)     NOT NULL,
    -- Backs an evidence package or sits under a hold: retention never deletes it.
    protected        BOOLEAN      NOT NULL DEFAULT FALSE,
    -- Cut short by a kill or a dead camera (still playable: MPEG-TS).
    partial          BOOLEAN      NOT NULL DEFAULT FALSE,
    -- Wall clock and stream disagreed by more than 2 s over this segment.
    clock_jump       BOOLEAN      NOT NULL DEFAULT FALSE,
    -- Frames per second the stream declares and what it delivered in this segment (null when unknown).
    declared_fps     DOUBLE PRECISION,
    delivered_fps    DOUBLE PRECISION,
    -- Events mode: the segment was checked against activity and kept.
    event_kept       BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX recording_segment_camera_time ON recording_segment (camera_id, start_utc);

-- Time a camera was not recorded: offline, or the recorder restarted.
CREATE TABLE recording_gap (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    camera_id        VARCHAR(32)  NOT NULL,
    start_utc        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    end_utc          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    reason           VARCHAR(200) NOT NULL
);
CREATE INDEX recording_gap_camera_time ON recording_gap (camera_id, start_utc);

-- Time ranges whose segments must be kept (violation clip windows, holds); a segment written later inside one is
-- protected when it is indexed.
CREATE TABLE recording_hold (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    camera_id        VARCHAR(32)  NOT NULL,
    start_utc        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    end_utc          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    reason           VARCHAR(200) NOT NULL
);
CREATE INDEX recording_hold_camera_time ON recording_hold (camera_id, start_utc);

-- Every deleted segment, with why: enforcement data is never deleted silently.
CREATE TABLE recording_deletion (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    camera_id        VARCHAR(32)  NOT NULL,
    start_utc        TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    end_utc          TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    file             VARCHAR(512) NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    sha256           CHAR(64)     NOT NULL,
    reason           VARCHAR(200) NOT NULL,
    deleted_utc      TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
