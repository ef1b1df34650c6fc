package vn.wardwatch.track;

import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

/** The tracker's mutable memory of one object. Package-private: callers only ever see {@link Track} snapshots. */
final class TrackState {

    /** 0 until confirmed: tentative tracks do not use up ids, so reported ids stay dense. */
    long id;
    boolean confirmed;
    /** Matched in the last processed frame (ByteTrack's "tracked" as opposed to "lost"). */
    boolean tracked;
    boolean matchedThisFrame;
    int hits;
    double score;
    BoundingBox box;
    long lastMatchedMillis;
    final long firstSeenMillis;
    boolean stationary;
    boolean hasReported;
    double reportedAnchorX;
    double reportedAnchorY;

    private final BoxKalmanFilter filter;
    private final ClassVote vote = new ClassVote();
    private final StationaryWindow stationaryWindow;

    TrackState(Detection first, long millis, ByteTracker.Settings settings) {
        this.filter = new BoxKalmanFilter(first.box());
        this.stationaryWindow = new StationaryWindow(settings.stationaryWindowMillis(),
                settings.stationaryHeightFraction(), settings.stationaryMinPx());
        this.firstSeenMillis = millis;
        record(first, millis);
    }

    ObjectClass objectClass() {
        return vote.winner();
    }

    void predict(double dtSeconds) {
        filter.predict(dtSeconds);
        matchedThisFrame = false;
    }

    /** Box to associate against: the motion model's prediction for this frame. */
    BoundingBox predictedBox() {
        return filter.box();
    }

    void match(Detection detection, long millis) {
        filter.update(detection.box());
        record(detection, millis);
    }

    /** Not seen this frame: report the prediction and stop extrapolating size changes. */
    void miss() {
        tracked = false;
        box = filter.box();
        filter.freezeSize();
    }

    double velocityX() {
        return filter.anchorVelocityX();
    }

    double velocityY() {
        return filter.anchorVelocityY();
    }

    private void record(Detection detection, long millis) {
        hits++;
        score = detection.score();
        box = detection.box();
        lastMatchedMillis = millis;
        matchedThisFrame = true;
        tracked = true;
        vote.add(detection.objectClass(), detection.score());
        // The filtered anchor, not the raw one: box jitter of a parked car must not read as motion.
        BoundingBox smooth = filter.box();
        stationaryWindow.add(millis, smooth.centerX(), smooth.bottom());
        stationary = stationaryWindow.isStationary(smooth.height());
    }
}
