package vn.wardwatch.detect;

/** One object found in one frame. */
public record Detection(ObjectClass objectClass, double score, BoundingBox box) {
}
