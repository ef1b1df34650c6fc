package vn.wardwatch.track;

import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;

/**
 * A read-only view of one tracked object at one moment, as the tracker reports it after a frame.
 *
 * @param id             stable id within one camera, never reused
 * @param objectClass    class voted over the track's detections (score-weighted)
 * @param score          score of the last detection matched to the track
 * @param box            current box (the matched detection, or the prediction when not matched this frame)
 * @param previousAnchorX bottom-centre anchor x at the previous frame the track was reported; 0 when
 *                        {@code hasPrevious} is false
 * @param previousAnchorY bottom-centre anchor y at the previous report; 0 when {@code hasPrevious} is false
 * @param hasPrevious    false on the first report of a track
 * @param velocityX      anchor velocity in pixels per second, smoothed
 * @param velocityY      anchor velocity in pixels per second, smoothed
 * @param stationary     true when the track has barely moved over the last few seconds
 * @param matched        true when a detection was matched to the track in this frame
 * @param hits           number of frames a detection was matched to the track
 * @param firstSeenMillis stream time of the track's first detection
 * @param timestampMillis stream time of the frame
 */
public record Track(long id, ObjectClass objectClass, double score, BoundingBox box, double previousAnchorX,
                    double previousAnchorY, boolean hasPrevious, double velocityX, double velocityY,
                    boolean stationary, boolean matched, int hits, long firstSeenMillis, long timestampMillis) {

    /** Bottom-centre of the box: where the object touches the road. */
    public double anchorX() {
        return box.centerX();
    }

    public double anchorY() {
        return box.bottom();
    }
}
