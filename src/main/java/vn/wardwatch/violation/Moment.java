package vn.wardwatch.violation;

import vn.wardwatch.detect.BoundingBox;

/**
 * One picture of a violation: which frame (by stream time) and where the vehicle was in it.
 *
 * @param label what the picture shows, e.g. {@code before}, {@code on}, {@code past}; becomes part of its file name
 */
public record Moment(String label, long streamMillis, BoundingBox box) {
}
