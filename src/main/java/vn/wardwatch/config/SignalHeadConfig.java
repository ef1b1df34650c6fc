package vn.wardwatch.config;

import vn.wardwatch.detect.BoundingBox;

/**
 * A signal head (traffic light) seen by a camera.
 *
 * @param id        unique over all cameras: a signal controller pushes to {@code PUT /api/v1/signals/{id}}
 * @param region    the lamp housing in frame pixels; read by colour when the source is {@code image}, drawn on
 *                  evidence pictures either way
 * @param fromImage true: the state is read from the region; false: pushed by the signal controller only
 */
public record SignalHeadConfig(String id, BoundingBox region, boolean fromImage) {
}
