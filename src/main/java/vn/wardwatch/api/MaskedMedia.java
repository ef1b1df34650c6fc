package vn.wardwatch.api;

import java.io.IOException;
import java.nio.file.Path;
import vn.wardwatch.privacy.MaskingBusyException;
import vn.wardwatch.privacy.MediaMasker;

/** Pictures and clips for viewers without the plate right go through the media masker; without one, none. */
final class MaskedMedia {

    private MaskedMedia() {
    }

    /** The masked copy of {@code original}; 403 when no masker is configured (fail closed). */
    static Path masked(MediaMasker masker, Path original, String kind) throws IOException {
        if (masker == null) {
            refuse(kind);
        }
        try {
            return masker.masked(original, kind);
        } catch (MaskingBusyException e) {
            // One masking job at a time keeps the cameras' analysis going; the next try will likely find it free.
            throw new ApiException(503, "Service Unavailable", e.getMessage() + "; try again shortly");
        }
    }

    static void refuse(String kind) {
        throw new ApiException(403, "Forbidden", "this " + kind + " shows plates and faces, and this server has"
                + " no media masker configured to hide them for your role");
    }
}
