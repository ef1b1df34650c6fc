package vn.wardwatch.config;

/**
 * Camera stream.
 *
 * @param url                 {@code rtsp://}, {@code http(s)://} or a file path; secrets already substituted
 * @param redactedUrl         the same URL with any password replaced, safe for logs and API output
 * @param loop                replay a file forever, as if it were a live camera
 * @param stallTimeoutSeconds no frame for this long means the stream has stalled and ffmpeg is restarted
 */
public record SourceConfig(String url, String redactedUrl, boolean loop, double stallTimeoutSeconds) {

    /** Records print every field; this one must never print the password in {@code url}. */
    @Override
    public String toString() {
        return "SourceConfig[url=" + redactedUrl + ", loop=" + loop + ", stallTimeoutSeconds=" + stallTimeoutSeconds
                + "]";
    }

    public boolean isRtsp() {
        return url.startsWith("rtsp://") || url.startsWith("rtsps://");
    }

    public boolean isFile() {
        return !url.contains("://") || url.startsWith("file://");
    }
}
