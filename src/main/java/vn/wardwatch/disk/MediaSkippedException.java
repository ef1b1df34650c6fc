package vn.wardwatch.disk;

import java.io.IOException;

/**
 * A non-evidence media file (plate crop, warning snapshot) was not written because the disk is low; the caller stores
 * its row without the file, as it does for any failed media write.
 */
public final class MediaSkippedException extends IOException {

    public MediaSkippedException(String message) {
        super(message);
    }
}
