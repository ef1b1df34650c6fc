package vn.wardwatch.plate;

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
}
