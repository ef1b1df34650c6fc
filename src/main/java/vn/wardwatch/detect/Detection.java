package vn.wardwatch.detect;

/**
 * One object found in one frame.
 *
 * @param riders for a motorbike or bicycle, the persons merged into it as its riders (helmet and passenger rules
 *               need them); 0 otherwise
 */
public record Detection(ObjectClass objectClass, double score, BoundingBox box, int riders) {

    public Detection(ObjectClass objectClass, double score, BoundingBox box) {
        this(objectClass, score, box, 0);
    }
}
