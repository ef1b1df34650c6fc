package vn.wardwatch.privacy;

import java.io.IOException;

/** Another masking job held the masker for longer than a caller may wait: try again later (HTTP 503). */
public final class MaskingBusyException extends IOException {

    public MaskingBusyException(String message) {
        super(message);
    }
}
