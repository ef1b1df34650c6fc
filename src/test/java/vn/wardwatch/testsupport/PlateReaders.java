package vn.wardwatch.testsupport;

import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.util.OpenCv;

/**
 * One real plate reader for all tests of the fork (loading the PP-OCRv4 models takes a second). Tests use it from
 * one thread at a time (JUnit runs classes sequentially here); it is never closed, the JVM's exit frees it.
 */
public final class PlateReaders {

    private static OcrPlateReader shared;

    private PlateReaders() {
    }

    public static synchronized OcrPlateReader shared() {
        if (shared == null) {
            OpenCv.load();
            shared = new OcrPlateReader();
        }
        return shared;
    }
}
