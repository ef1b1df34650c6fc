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
}
