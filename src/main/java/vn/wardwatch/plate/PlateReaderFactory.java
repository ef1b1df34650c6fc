package vn.wardwatch.plate;

import java.util.Collection;
import java.util.List;
import vn.wardwatch.config.CameraConfig;

/**
 * Builds the plate reader of a camera with plate reading on. The one place where the OCR is wired in: the serve
 * command calls nothing else to get a reader.
 */
public final class PlateReaderFactory {

    private PlateReaderFactory() {
    }

    /**
     * A new reader (readers are not thread-safe: one per camera's plate worker): PP-OCRv4 on ONNX Runtime.
     *
     * @throws RuntimeException when the OCR models cannot be loaded
     */
    public static PlateReader create() {
        return new OcrPlateReader();
    }

    /** The start-up error when {@link #create} failed: names the cameras that want plates and how to go on. */
    public static IllegalStateException unavailable(Collection<CameraConfig> cameras, RuntimeException cause) {
        List<String> wanting = cameras.stream().filter(c -> c.plates().enabled())
                .map(c -> "cameras." + c.id() + ".plates").toList();
        return new IllegalStateException("cannot read plates: " + cause.getMessage() + ". Set enabled: false under "
                + String.join(", ", wanting) + " to run without plate reading", cause);
    }
}
