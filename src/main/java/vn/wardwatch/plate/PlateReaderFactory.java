package vn.wardwatch.plate;

/**
 * Builds the plate reader of a camera with plate reading on. The one place where the real OCR is wired in: the
 * serve command calls nothing else to get a reader.
 */
public final class PlateReaderFactory {

    private PlateReaderFactory() {
    }

    /**
     * A new reader (readers are not thread-safe: one per camera's plate worker).
     *
     * @throws UnsupportedOperationException in this build, which has no OCR yet
     */
    public static PlateReader create() {
        // TODO(merge plates-core): return new OcrPlateReader(...) here.
        throw new UnsupportedOperationException("plate OCR not available in this build (OcrPlateReader, PP-OCRv4 "
                + "on ONNX Runtime, comes with the plates-core branch)");
    }
}
