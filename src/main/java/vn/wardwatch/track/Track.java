package vn.wardwatch.track;

import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;

/**
 * A read-only view of one tracked object at one moment, as the tracker reports it after a frame.
 *
 * @param id             stable id within one camera, never reused
 * @param objectClass    class voted over the track's detections
 * @param box            current box (the matched detection, or the prediction when not matched this frame)
 * @param previousAnchor bottom-centre anchor at the previous frame the track was reported, or null for a new track
 * @param velocityX      pixels per second, smoothed
 * @param velocityY      pixels per second, smoothed
 * @param stationary     true when the track has barely moved over the last few seconds
 * @param matched        true when a detection was matched to the track in this frame
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
