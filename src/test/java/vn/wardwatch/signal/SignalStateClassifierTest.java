package vn.wardwatch.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.util.OpenCv;

class SignalStateClassifierTest {

    private final SignalStateClassifier classifier = new SignalStateClassifier();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @ParameterizedTest(name = "{0} lamp, {1}x{2}, countdown {3}")
    @CsvSource({
        "RED, 8, 20, false", "YELLOW, 8, 20, false", "GREEN, 8, 20, false",
        "RED, 12, 32, false", "YELLOW, 12, 32, false", "GREEN, 12, 32, false",
        "RED, 40, 110, false", "YELLOW, 40, 110, false", "GREEN, 40, 110, false",
        "RED, 90, 240, false", "YELLOW, 90, 240, false", "GREEN, 90, 240, false",
        "RED, 20, 54, true", "YELLOW, 20, 54, true", "GREEN, 20, 54, true",
        "RED, 60, 160, true", "YELLOW, 60, 160, true", "GREEN, 60, 160, true",
    })
    void readsTheLitLamp(SignalColour lit, int width, int height, boolean countdown) {
        for (long seed = 1; seed <= 3; seed++) {
            SyntheticSignalHeads.Scene scene = SyntheticSignalHeads.draw(lit, width, height, countdown, seed);
            try {
                SignalReading reading = classifier.classify(scene.frame(), scene.head());
                assertEquals(lit, reading.colour(), "seed " + seed + ": " + reading);
                assertTrue(reading.confidence() > 0.3, "confident on a clean head: " + reading);
            } finally {
                scene.frame().release();
            }
        }
    }

    @ParameterizedTest(name = "all dark, {0}x{1}")
    @CsvSource({"8, 20", "12, 32", "40, 110", "90, 240"})
    void allLampsOffIsUnknown(int width, int height) {
        SyntheticSignalHeads.Scene scene = SyntheticSignalHeads.draw(SignalColour.UNKNOWN, width, height, false, 7);
        try {
            SignalReading reading = classifier.classify(scene.frame(), scene.head());
            assertEquals(SignalColour.UNKNOWN, reading.colour(), reading.toString());
            assertEquals(0, reading.confidence());
        } finally {
            scene.frame().release();
        }
    }

    @Test
    void glareIsUnknown() {
        // Sun on the housing: bright but washed out, no colour.
        Mat frame = new Mat(60, 40, CvType.CV_8UC3, new Scalar(235, 240, 245));
        try {
            assertEquals(SignalColour.UNKNOWN, classifier.classify(frame, new BoundingBox(5, 5, 30, 50)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void twoColoursEquallyLitIsUnknown() {
        // Reflections that light red and green alike give no margin.
        Mat frame = new Mat(40, 20, CvType.CV_8UC3, new Scalar(25, 25, 25));
        try {
            frame.submat(0, 10, 0, 20).setTo(SyntheticSignalHeads.LIT_RED);
            frame.submat(30, 40, 0, 20).setTo(SyntheticSignalHeads.LIT_GREEN);
            assertEquals(SignalColour.UNKNOWN, classifier.classify(frame, new BoundingBox(0, 0, 20, 40)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void deepRedGlowAroundAClippedCoreIsRed() {
        // An over-exposed red lamp: white-yellow core, orange ring, a deep red glow at the rim; alone in its region.
        Mat frame = new Mat(30, 30, CvType.CV_8UC3, new Scalar(25, 25, 25));
        try {
            Imgproc.circle(frame, new Point(15, 15), 12, new Scalar(40, 20, 230), -1);
            Imgproc.circle(frame, new Point(15, 15), 9, new Scalar(0, 120, 255), -1);
            Imgproc.circle(frame, new Point(15, 15), 5, new Scalar(200, 245, 255), -1);
            assertEquals(SignalColour.RED, classifier.classify(frame, new BoundingBox(0, 0, 30, 30)).colour());
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "orange lamp in row {0} of a vertical head is {1}")
    @CsvSource({"0, RED", "1, YELLOW", "2, YELLOW"})
    void orangeIsDecidedByTheLampsPlaceInAVerticalHead(int row, SignalColour expected) {
        // Over-exposed red and amber both look orange; a vertical head has red on top, amber in the middle. Warm light
        // low in the head is taken as amber: loosely drawn boxes put the amber lamp low.
        Mat frame = new Mat(36, 12, CvType.CV_8UC3, new Scalar(25, 25, 25));
        try {
            frame.submat(row * 12 + 2, row * 12 + 10, 2, 10).setTo(new Scalar(0, 110, 255));
            assertEquals(expected, classifier.classify(frame, new BoundingBox(0, 0, 12, 36)).colour());
            // The same lamp alone, in a square region: no place to go by, and no deep red, so amber.
            assertEquals(SignalColour.YELLOW,
                    classifier.classify(frame, new BoundingBox(0, row * 12, 12, 12)).colour());
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "orange lamp in column {0} of a horizontal head is {1}")
    @CsvSource({"0, RED", "1, YELLOW", "2, RED"})
    void orangeIsDecidedByTheLampsPlaceInAHorizontalHead(int column, SignalColour expected) {
        // Amber is the middle lamp of a horizontal head too; red sits at one end (which end depends on the road side).
        Mat frame = new Mat(20, 36, CvType.CV_8UC3, new Scalar(25, 25, 25));
        try {
            frame.submat(6, 14, column * 12 + 2, column * 12 + 10).setTo(new Scalar(0, 110, 255));
            assertEquals(expected, classifier.classify(frame, new BoundingBox(0, 0, 36, 20)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void paleDaylitLensesDoNotOutvoteTheLitLamp() {
        // Daylight makes the unlit green lens bright and larger than the lit lamp's coloured part, but it stays pale;
        // the lit amber lamp is far more colourful.
        Mat frame = new Mat(60, 20, CvType.CV_8UC3, new Scalar(200, 190, 185));
        try {
            frame.submat(0, 60, 0, 20).setTo(new Scalar(60, 60, 60));
            frame.submat(2, 18, 2, 18).setTo(new Scalar(90, 90, 140)); // unlit red, pale
            frame.submat(26, 34, 6, 14).setTo(new Scalar(0, 170, 255)); // lit amber
            frame.submat(40, 58, 1, 19).setTo(new Scalar(150, 200, 120)); // unlit green, bright but pale
            assertEquals(SignalColour.YELLOW, classifier.classify(frame, new BoundingBox(0, 0, 20, 60)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void dimLampOfATintedCameraIsStillRead() {
        // A purple-tinted camera: grey-violet housing, a lit green lamp barely brighter than it but the only strongly
        // coloured part of the head.
        Mat frame = new Mat(16, 27, CvType.CV_8UC3, new Scalar(124, 104, 112));
        try {
            frame.submat(4, 12, 2, 9).setTo(new Scalar(170, 200, 60));
            assertEquals(SignalColour.GREEN, classifier.classify(frame, new BoundingBox(0, 0, 27, 16)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void barelyLitFoliageDoesNotMakeALitLampAmbiguous() {
        // Sunlit leaves over the head: more pixels than the lamp and just over the chroma cut, but far less
        // colourful than the lit red lamp, so their votes weigh little.
        Mat frame = new Mat(36, 10, CvType.CV_8UC3, new Scalar(40, 40, 40));
        try {
            frame.submat(0, 10, 0, 10).setTo(new Scalar(40, 160, 70));
            frame.submat(12, 20, 1, 9).setTo(new Scalar(40, 40, 230));
            assertEquals(SignalColour.RED, classifier.classify(frame, new BoundingBox(0, 0, 10, 36)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void blueTingedLedGreenIsGreen() {
        // An LED green lamp is blue-green; through a cool camera cast it comes out nearly blue (hue about 101).
        Mat frame = new Mat(20, 20, CvType.CV_8UC3, new Scalar(30, 30, 30));
        try {
            frame.submat(5, 15, 5, 15).setTo(new Scalar(240, 165, 40));
            assertEquals(SignalColour.GREEN, classifier.classify(frame, new BoundingBox(0, 0, 20, 20)).colour());
        } finally {
            frame.release();
        }
    }

    @Test
    void regionOutsideTheFrameIsAnError() {
        Mat frame = new Mat(40, 20, CvType.CV_8UC3, new Scalar(25, 25, 25));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> classifier.classify(frame, new BoundingBox(100, 100, 10, 20)));
            assertTrue(e.getMessage().contains("outside"), e.getMessage());
        } finally {
            frame.release();
        }
    }

    @Test
    void wireNamesAreLowerCase() {
        assertEquals("yellow", SignalColour.YELLOW.wireName());
        assertEquals(SignalColour.GREEN, SignalColour.fromWireName("Green"));
        assertThrows(IllegalArgumentException.class, () -> SignalColour.fromWireName("blue"));
    }
}
