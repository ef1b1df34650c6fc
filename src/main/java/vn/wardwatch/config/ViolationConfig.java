package vn.wardwatch.config;

/**
 * Violation detection of one camera. Which rules run follows from its geometry: red light needs stop lines, wrong
 * way and wrong lane need lanes, and so on.
 *
 * @param redLightGraceSeconds   a vehicle crossing within this long after the light turned red is let go
 * @param yellowIsViolation      crossing on yellow counts as running the light (off by default, as in the law's
 *                               usual reading: a vehicle too close to stop may go on)
 * @param wrongWayMinDistancePx  how far a track must move against its lane's direction
 * @param wrongWayMinSeconds     for how long, so that jitter or a U-turn start is not wrong way
 * @param clipBeforeSeconds      seconds of video before the violation in its clip
 * @param clipAfterSeconds       seconds after
 */
public record ViolationConfig(boolean enabled, double redLightGraceSeconds, boolean yellowIsViolation,
                              double wrongWayMinDistancePx, double wrongWayMinSeconds, double clipBeforeSeconds,
                              double clipAfterSeconds) {

    public static final double DEFAULT_GRACE_SECONDS = 0.5;
    public static final double DEFAULT_WRONG_WAY_DISTANCE_PX = 80;
    public static final double DEFAULT_WRONG_WAY_SECONDS = 1.0;
    public static final double DEFAULT_CLIP_SECONDS = 5;

    public static final ViolationConfig DISABLED = new ViolationConfig(false, DEFAULT_GRACE_SECONDS, false,
            DEFAULT_WRONG_WAY_DISTANCE_PX, DEFAULT_WRONG_WAY_SECONDS, DEFAULT_CLIP_SECONDS, DEFAULT_CLIP_SECONDS);

    public static ViolationConfig enabledWithDefaults() {
        return new ViolationConfig(true, DEFAULT_GRACE_SECONDS, false, DEFAULT_WRONG_WAY_DISTANCE_PX,
                DEFAULT_WRONG_WAY_SECONDS, DEFAULT_CLIP_SECONDS, DEFAULT_CLIP_SECONDS);
    }
}
