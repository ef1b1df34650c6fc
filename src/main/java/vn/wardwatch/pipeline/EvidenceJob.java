package vn.wardwatch.pipeline;

import java.util.List;
import java.util.Map;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.evidence.RingFrame;
import vn.wardwatch.signal.SignalState;
import vn.wardwatch.violation.Violation;

/**
 * Everything needed to write one violation's evidence, copied out of the camera's frame ring so that the camera
 * can go on.
 *
 * @param pictures     the frame of each of the violation's moments, by moment label
 * @param clip         the frames of the clip, oldest first
 * @param signals      the camera's signal heads at the violation
 * @param geometryHash see {@link vn.wardwatch.violation.GeometryHash}
 * @param readyNanos   {@link System#nanoTime()} when the job was complete (its last clip frame had arrived)
 */
public record EvidenceJob(CameraConfig camera, Violation violation, Map<String, RingFrame> pictures,
                          List<RingFrame> clip, List<SignalState> signals, String geometryHash, long readyNanos) {
}
