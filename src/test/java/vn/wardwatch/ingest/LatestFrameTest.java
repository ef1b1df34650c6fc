package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.util.OpenCv;

/** The console's live picture holder: a copy of the latest frame, encoded (and scaled, and edited) on request. */
class LatestFrameTest {

    static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    static Mat decode(LatestFrame.Jpeg jpeg) {
        return Imgcodecs.imdecode(new MatOfByte(jpeg.bytes()), Imgcodecs.IMREAD_COLOR);
    }

    @Test
    void nothingBeforeTheFirstFrameThenACopyThatOutlivesTheCallersMat() throws Exception {
        try (LatestFrame latest = new LatestFrame()) {
            assertTrue(latest.jpeg(640).isEmpty());
            Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(0, 0, 200));
            latest.update(frame, T0);
            frame.setTo(new Scalar(0, 0, 0)); // the caller reuses its buffer
            frame.release();
            LatestFrame.Jpeg jpeg = latest.jpeg(4000).orElseThrow();
            assertEquals(640, jpeg.width(), "never scaled up");
            assertEquals(480, jpeg.height());
            assertEquals(T0, jpeg.at());
            Mat picture = decode(jpeg);
            assertTrue(Core.mean(picture).val[2] > 180, "still the red frame: " + Core.mean(picture));
        }
    }

    @Test
    void scaledToTheAskedWidthAndEditedOnACopyOnly() throws Exception {
        try (LatestFrame latest = new LatestFrame()) {
            Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(255, 255, 255));
            latest.update(frame, T0);
            frame.release();
            LatestFrame.Jpeg thumb = latest.jpeg(320, bgr -> {
                assertEquals(640, bgr.cols(), "the edit sees the full-size frame");
                bgr.setTo(new Scalar(0, 0, 0));
            }).orElseThrow();
            assertEquals(320, thumb.width());
            assertEquals(240, thumb.height());
            assertTrue(Core.mean(decode(thumb)).val[0] < 10, "edited");
            assertTrue(Core.mean(decode(latest.jpeg(640).orElseThrow())).val[0] > 245, "the held frame is not");
        }
    }

    @Test
    void anEmptyFrameIsIgnored() throws Exception {
        try (LatestFrame latest = new LatestFrame()) {
            latest.update(new Mat(), T0);
            assertTrue(latest.jpeg(640).isEmpty());
        }
    }
}
