package vn.wardwatch.config;

/**
 * Continuous recording of one camera's original stream (issue 7).
 *
 * @param mode           always, events (only around activity) or off
 * @param segmentSeconds length of each segment file
 * @param format         container of the segments: ts (playable when cut, the default) or mp4 (fragmented)
 * @param retentionDays  segments older than this are deleted (unless protected)
 * @param quotaGb        this camera's share of disk in GB (10^9 bytes); the oldest unprotected go first
 * @param beforeSeconds  events mode: seconds kept before activity
 * @param afterSeconds   events mode: seconds kept after activity
 */
public record RecordingConfig(Mode mode, int segmentSeconds, Format format, double retentionDays, double quotaGb,
                              double beforeSeconds, double afterSeconds) {

    public enum Mode { ALWAYS, EVENTS, OFF }

    public enum Format {
        TS("ts", "mpegts"), MP4("mp4", "mp4");

        private final String extension;
        private final String muxer;

        Format(String extension, String muxer) {
            this.extension = extension;
            this.muxer = muxer;
        }

        public String extension() {
            return extension;
        }

        public String muxer() {
            return muxer;
        }
    }

    public static final int DEFAULT_SEGMENT_SECONDS = 10;
    public static final double DEFAULT_RETENTION_DAYS = 7;
    public static final double DEFAULT_QUOTA_GB = 50;
    public static final double DEFAULT_EVENT_SECONDS = 10;

    public static final RecordingConfig OFF = new RecordingConfig(Mode.OFF, DEFAULT_SEGMENT_SECONDS, Format.TS,
            DEFAULT_RETENTION_DAYS, DEFAULT_QUOTA_GB, DEFAULT_EVENT_SECONDS, DEFAULT_EVENT_SECONDS);

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public long quotaBytes() {
        return Math.round(quotaGb * 1e9);
    }
}
