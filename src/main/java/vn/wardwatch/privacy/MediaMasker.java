package vn.wardwatch.privacy;

/**
 * Masks plates and faces in evidence pictures and clips for viewers without the plate right (issue 8). The API
 * sends a coordinator's picture and clip requests through it; with none configured those requests are refused.
 */
public interface MediaMasker {
    /**
     * @param kind {@code image} or {@code clip}
     * @return the path of a masked copy of {@code original}
     */
    java.nio.file.Path masked(java.nio.file.Path original, String kind) throws java.io.IOException;

    /**
     * Blurs plates and faces in {@code bgr} in place: a frame held in memory, not a file (a camera's live frame,
     * issue 9). Nothing is cached.
     *
     * @return false when this masker masks files only (then the frame is not shown)
     * @throws MaskingBusyException when another masking job held the masker too long
     */
    default boolean maskFrame(org.opencv.core.Mat bgr) throws java.io.IOException {
        return false;
    }
}
