package vn.wardwatch.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.PlateReader;

/**
 * TEST DOUBLE for the plate worker's scheduling tests: they need reads that tell frames apart and an OCR that can be
 * held mid-read, which the real reader cannot be made to do. The real reader ({@code OcrPlateReader}) runs in the
 * plate tests, in the violation recorder's tests and in {@code ServePlateReaderTest}. Each test frame is filled with
 * its own grey level: the reader tells frames apart by the crop's corner pixel (padding, outside the vehicle) and
 * answers what the script says for that level. It can hold its first read until released, to play a slow OCR.
 */
final class ScriptedPlateReader implements PlateReader {

    /** Where the scripted plate lies in the crop. */
    static final BoundingBox PLATE = new BoundingBox(8, 20, 20, 8);

    private final Map<Integer, String> script;
    private final CountDownLatch release;
    private final CountDownLatch firstReadStarted = new CountDownLatch(1);
    final List<Integer> greysRead = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    /** @param script grey level to "TEXT@confidence" (one-line car form); levels not listed read no plate */
    ScriptedPlateReader(Map<Integer, String> script, boolean holdFirstRead) {
        this.script = script;
        this.release = new CountDownLatch(holdFirstRead ? 1 : 0);
    }

    /** A valid one-line read, every character at the read's confidence. */
    static PlateRead read(String text, double confidence) {
        String characters = text.replaceAll("[-. ]", "");
        return new PlateRead(text, characters, java.util.Collections.nCopies(characters.length(), confidence),
                PlateLayout.ONE_LINE, PlateColour.WHITE, confidence, true, PLATE);
    }

    @Override
    public List<PlateRead> read(Mat frame, BoundingBox vehicle) {
        int grey = (int) frame.get(0, 0)[0];
        greysRead.add(grey);
        firstReadStarted.countDown();
        try {
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String line = script.get(grey);
        if (line == null) {
            return List.of();
        }
        String[] textAndConfidence = line.split("@");
        return List.of(read(textAndConfidence[0], Double.parseDouble(textAndConfidence[1])));
    }

    @Override
    public List<PlateRead> readImage(Mat image) {
        throw new UnsupportedOperationException("the pipeline reads vehicle crops only");
    }

    boolean firstReadStarted() {
        return firstReadStarted.getCount() == 0;
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        closed = true;
    }
}
