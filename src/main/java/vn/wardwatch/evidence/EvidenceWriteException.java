package vn.wardwatch.evidence;

import java.io.IOException;

/** An evidence package could not be stored; the message names the package and the cause. Nothing was left behind. */
public final class EvidenceWriteException extends IOException {

    public EvidenceWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
