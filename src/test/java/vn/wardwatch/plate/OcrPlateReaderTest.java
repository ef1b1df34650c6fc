package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.testsupport.PlateReaders;

/** The reader end to end with the real PP-OCRv4 models, on plates drawn by the test and on a packaged photo. */
class OcrPlateReaderTest {

    static final Scalar INK = new Scalar(20, 20, 20);
    static final Scalar WHITE_INK = new Scalar(245, 245, 245);
    /** Debian opencv-doc's deblurring sample: the rear of a car, its (US) plate smeared by motion. */
    static final Path MOTION_PHOTO = Path.of("/usr/share/doc/opencv-doc/examples/data/licenseplate_motion.jpg");

    static OcrPlateReader reader;

    @BeforeAll
    static void load() {
        reader = PlateReaders.shared();
    }

    @Test
    void readsAOneLineWhitePlateCrop() {
        Mat plate = SyntheticPlates.plate(List.of("30A-339.18"), SyntheticPlates.WHITE, INK);
        Mat crop = SyntheticPlates.degrade(SyntheticPlates.scaled(plate, 0.5), 1.0, 6, 1);
        PlateRead read = only(reader.readImage(crop));
        assertEquals("30A-339.18", read.text());
        assertEquals("30A33918", read.characters());
        assertEquals(PlateLayout.ONE_LINE, read.layout());
        assertEquals(PlateColour.WHITE, read.colour());
        assertTrue(read.valid());
        assertTrue(read.confidence() > 0.5 && read.confidence() <= 1, read.toString());
        read.characterConfidences().forEach(c -> assertTrue(c >= 0 && c <= 1, read.toString()));
    }

    @Test
    void readsATwoLineYellowPlateCropTopLineFirst() {
        Mat plate = SyntheticPlates.plate(List.of("29-B1", "256.62"), SyntheticPlates.YELLOW, INK);
        Mat crop = SyntheticPlates.degrade(SyntheticPlates.scaled(plate, 0.5), 1.0, 6, 2);
        PlateRead read = only(reader.readImage(crop));
        assertEquals("29-B1 256.62", read.text());
        assertEquals(PlateLayout.TWO_LINE, read.layout());
        assertEquals(PlateColour.YELLOW, read.colour());
        assertTrue(read.valid());
    }

    @Test
    void readsABlueStatePlateWithWhiteCharacters() {
        Mat plate = SyntheticPlates.plate(List.of("80-NG", "1234"), SyntheticPlates.BLUE, WHITE_INK);
        Mat crop = SyntheticPlates.degrade(SyntheticPlates.scaled(plate, 0.5), 0.8, 5, 3);
        PlateRead read = only(reader.readImage(crop));
        assertEquals("80-NG 1234", read.text());
        assertEquals(PlateColour.BLUE, read.colour());
    }

    @Test
    void readsPerspectiveWarpedBlurredNoisyPlatesInAScene() {
        Mat one = SyntheticPlates.plate(List.of("51G-443.13"), SyntheticPlates.WHITE, INK);
        Mat scene = SyntheticPlates.degrade(
                SyntheticPlates.inScene(SyntheticPlates.scaled(one, 0.4), 640, 480, 300, 120, 0.1, 11), 1.2, 8, 4);
        PlateRead read = reader.readImage(scene).get(0);
        assertEquals("51G-443.13", read.text());
        assertEquals(PlateColour.WHITE, read.colour(), "the plate's colour, not the scene's around it");
        assertInside(read.box(), new BoundingBox(300, 120, one.cols() * 0.4, one.rows() * 0.4));

        Mat two = SyntheticPlates.plate(List.of("59-TA", "003.29"), SyntheticPlates.WHITE, INK);
        Mat scene2 = SyntheticPlates.degrade(
                SyntheticPlates.inScene(SyntheticPlates.scaled(two, 0.4), 640, 480, 150, 260, 0.1, 12), 1.2, 8, 5);
        PlateRead read2 = reader.readImage(scene2).get(0);
        assertEquals("59-TA 003.29", read2.text());
        assertEquals(PlateLayout.TWO_LINE, read2.layout());
        assertEquals(PlateColour.WHITE, read2.colour());
    }

    @Test
    void readsThePlateOfAVehicleBoxInFramePixels() {
        Mat plate = SyntheticPlates.plate(List.of("30-L9", "0860"), SyntheticPlates.WHITE, INK);
        Mat frame = SyntheticPlates.degrade(
                SyntheticPlates.inScene(SyntheticPlates.scaled(plate, 0.4), 960, 540, 620, 380, 0.08, 13), 1.0, 6, 6);
        BoundingBox vehicle = new BoundingBox(520, 250, 300, 260);
        PlateRead read = reader.read(frame, vehicle).get(0);
        assertEquals("30-L9 0860", read.text());
        assertInside(read.box(), new BoundingBox(620, 380, plate.cols() * 0.4, plate.rows() * 0.4));
        // A vehicle box elsewhere in the frame sees no plate.
        assertTrue(reader.read(frame, new BoundingBox(50, 50, 300, 200)).isEmpty());
    }

    @Test
    void findsNothingOnAnImageWithoutText() {
        Mat blank = SyntheticPlates.degrade(new Mat(240, 320, CvType.CV_8UC3, new Scalar(120, 130, 140)), 1, 8, 7);
        assertTrue(reader.readImage(blank).isEmpty());
    }

    @Test
    void claimsNoValidPlateOnTheMotionBlurredPackagedPhoto() {
        assumeTrue(Files.isRegularFile(MOTION_PHOTO),
                MOTION_PHOTO + " is absent: install the Debian package opencv-doc");
        Mat photo = Imgcodecs.imread(MOTION_PHOTO.toString());
        assertFalse(photo.empty());
        // The plate on this photo is smeared beyond reading (the sample exists to show deblurring) and is not
        // Vietnamese: whatever text the reader finds must not pass as a valid Vietnamese plate.
        List<PlateRead> reads = reader.readImage(photo);
        assertTrue(reads.stream().noneMatch(PlateRead::valid), reads.toString());
        List<PlateRead> onCar = reader.read(photo, new BoundingBox(0, 20, 600, 420));
        assertTrue(onCar.stream().noneMatch(PlateRead::valid), onCar.toString());
    }

    @Test
    void rejectsAnEmptyImage() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> reader.readImage(new Mat()));
    }

    private static PlateRead only(List<PlateRead> reads) {
        assertEquals(1, reads.size(), reads.toString());
        return reads.get(0);
    }

    /** The read's box lies within the plate's region, give or take a few pixels. */
    private static void assertInside(BoundingBox box, BoundingBox plate) {
        double slack = 6;
        assertTrue(box.x() >= plate.x() - slack && box.y() >= plate.y() - slack
                && box.right() <= plate.right() + slack && box.bottom() <= plate.bottom() + slack,
                box + " not inside " + plate);
    }
}
