package vn.wardwatch.privacy;

public interface MediaMasker {
    java.nio.file.Path masked(java.nio.file.Path original, String kind) throws java.io.IOException;
}
