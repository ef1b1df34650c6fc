package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.evidence.OverviewPainter;
import vn.wardwatch.util.OpenCv;

class OverviewCaptionTest {

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static Mat painted() {
        Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 140, 160));
        Mat out = new OverviewPainter(new GeometryConfig(List.of(), List.of())).paint(frame,
                new BoundingBox(300, 300, 100, 60), "track 7 car", List.of(),
                List.of("cam-1  2026-11-22 10:00:00 Asia/Ho_Chi_Minh", "red_light  place-1  picture 1: on"));
        frame.release();
        return out;
    }

    @Test
    void regionsInsideThePaintedBarAreDroppedAndCrossingOnesCutAtItsEdge() {
        Mat overview = painted();
        int bar = OverviewPainter.captionHeight(640, OverviewCaption.CAPTION_LINES);
        BoundingBox inside = new BoundingBox(5, 2, 200, bar - 10);
        BoundingBox crossing = new BoundingBox(5, bar - 10, 200, 30);
        BoundingBox below = new BoundingBox(5, bar + 50, 20, 20);
        List<BoundingBox> out = OverviewCaption.outsideBar(overview, List.of(inside, crossing, below));
        assertEquals(List.of(BoundingBox.fromCorners(5, bar, 205, bar + 20), below), out);
    }

    @Test
    void aPictureWithoutADarkBarKeepsEveryRegion() {
        Mat plain = new Mat(480, 640, CvType.CV_8UC3, new Scalar(120, 140, 160));
        List<BoundingBox> boxes = List.of(new BoundingBox(5, 2, 200, 20));
        assertEquals(boxes, OverviewCaption.outsideBar(plain, boxes));
    }

    @Test
    void onlyOverviewPicturesHaveABar() {
        assertTrue(OverviewCaption.isOverview("overview-1-before.jpg"));
        assertFalse(OverviewCaption.isOverview("vehicle.jpg"));
        assertFalse(OverviewCaption.isOverview("plate.jpg"));
    }
}
