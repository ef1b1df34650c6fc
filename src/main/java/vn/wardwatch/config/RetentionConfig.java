package vn.wardwatch.config;

/**
 * How long stored data is kept, in days per kind (issue 8). Violations on hold (new = awaiting review, or confirmed)
 * are kept however old until an admin releases them. The audit log is never deleted by retention. Recordings keep their
 * own per-camera retention ({@code cameras.<id>.record}).
 *
 * @param violationsDays enforcement data: rejected or released violations with their evidence packages
 * @param platesDays     plate reads and their crops
 * @param warningsDays   warnings and their snapshots
 * @param countsDays     per-minute line counts and zone minutes
 */
public record RetentionConfig(int violationsDays, int platesDays, int warningsDays, int countsDays) {

    public static final int DEFAULT_VIOLATIONS_DAYS = 75;
    public static final int DEFAULT_PLATES_DAYS = 75;
    public static final int DEFAULT_WARNINGS_DAYS = 30;
    public static final int DEFAULT_COUNTS_DAYS = 365;

    public static final RetentionConfig DEFAULTS = new RetentionConfig(DEFAULT_VIOLATIONS_DAYS, DEFAULT_PLATES_DAYS,
            DEFAULT_WARNINGS_DAYS, DEFAULT_COUNTS_DAYS);
}
