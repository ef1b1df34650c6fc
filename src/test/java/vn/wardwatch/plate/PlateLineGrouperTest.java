package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Point;
import vn.wardwatch.util.OpenCv;

/** Line grouping on hand-made text boxes and probability maps. */
class PlateLineGrouperTest {

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    static TextBox box(double x, double y, double w, double h) {
        return new TextBox(new Point[] {new Point(x, y), new Point(x + w, y), new Point(x + w, y + h),
            new Point(x, y + h)}, 0.9);
    }

    /** A map (scale 1) with text probability 1 inside the given boxes, 0 elsewhere. */
    static TextDetector.ProbabilityMap map(int w, int h, TextBox... text) {
        float[] v = new float[w * h];
        for (TextBox b : text) {
            for (int y = (int) b.top(); y < (int) b.bottom(); y++) {
                Arrays.fill(v, y * w + (int) b.left(), y * w + (int) b.right(), 1f);
            }
        }
        return new TextDetector.ProbabilityMap(v, w, h, 1, 1);
    }

    @Test
    void twoStackedRowsMakeOneTwoLinePlateTopFirst() {
        TextBox top = box(20, 10, 100, 40);
        TextBox bottom = box(15, 60, 110, 40);
        List<PlateLines> plates = LineGrouper.group(List.of(bottom, top), map(200, 120, top, bottom));
        assertEquals(1, plates.size());
        assertEquals(PlateLayout.TWO_LINE, plates.get(0).layout());
        assertEquals(10, plates.get(0).lines().get(0).top(), 1e-6);
    }

    @Test
    void boxesSideBySideOnOneRowAreJoined() {
        TextBox left = box(10, 10, 60, 30);
        TextBox right = box(80, 12, 120, 30);
        List<PlateLines> plates = LineGrouper.group(List.of(right, left), map(220, 60, left, right));
        assertEquals(1, plates.size());
        assertEquals(PlateLayout.ONE_LINE, plates.get(0).layout());
        assertEquals(190, plates.get(0).lines().get(0).width(), 3);
    }

    @Test
    void aBoxHoldingTwoLinesIsSplitAtTheGapBetweenThem() {
        TextBox block = box(20, 10, 100, 90);
        TextDetector.ProbabilityMap m = map(200, 120, box(20, 10, 100, 40), box(20, 60, 100, 40));
        List<PlateLines> plates = LineGrouper.group(List.of(block), m);
        assertEquals(1, plates.size());
        PlateLines p = plates.get(0);
        assertEquals(PlateLayout.TWO_LINE, p.layout());
        double split = p.lines().get(0).bottom();
        assertEquals(55, split, 6);
    }

    @Test
    void aSquareBoxWithoutAGapIsNotSplit() {
        TextBox block = box(20, 10, 100, 90);
        assertEquals(List.of(block), LineGrouper.splitAtValley(block, map(200, 120, block)));
    }

    @Test
    void distantRowsStayApart() {
        TextBox a = box(10, 10, 100, 30);
        TextBox b = box(300, 200, 100, 30);
        List<PlateLines> plates = LineGrouper.group(List.of(a, b), map(450, 260, a, b));
        assertEquals(2, plates.size());
        plates.forEach(p -> assertEquals(PlateLayout.ONE_LINE, p.layout()));
    }
}
