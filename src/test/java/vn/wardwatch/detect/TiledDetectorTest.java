package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.TiledDetector.Tile;

/** Tile geometry, mapping back, the edge-cut rule and the merge, as pure functions. */
class TiledDetectorTest {

    @Test
    void twoByTwoTilesCoverTheFrameAndOverlap() {
        List<Tile> tiles = TiledDetector.layout(640, 480, 2, 2, 0.25);
        assertEquals(4, tiles.size());
        // 640 = s * (2 - 0.25) -> s = 366 (rounded up); 480 -> 275
        assertEquals(new Tile(0, 0, 366, 275), tiles.get(0));
        assertEquals(new Tile(274, 0, 366, 275), tiles.get(1));
        assertEquals(new Tile(0, 205, 366, 275), tiles.get(2));
        assertEquals(new Tile(274, 205, 366, 275), tiles.get(3));
        for (Tile t : tiles) {
            assertTrue(t.x() >= 0 && t.y() >= 0 && t.x() + t.width() <= 640 && t.y() + t.height() <= 480);
        }
        // Neighbours overlap by about a quarter of a tile.
        int overlapX = tiles.get(0).x() + tiles.get(0).width() - tiles.get(1).x();
        assertEquals(0.25 * 366, overlapX, 1.0);
    }

    @Test
    void threeByThreeTilesReachEveryBorderWithoutGaps() {
        List<Tile> tiles = TiledDetector.layout(1280, 720, 3, 3, 0.2);
        assertEquals(9, tiles.size());
        assertEquals(0, tiles.get(0).x());
        assertEquals(1280, tiles.get(2).x() + tiles.get(2).width());
        assertEquals(720, tiles.get(8).y() + tiles.get(8).height());
        for (int i = 0; i + 1 < 3; i++) {
            Tile a = tiles.get(i);
            Tile b = tiles.get(i + 1);
            assertTrue(b.x() < a.x() + a.width(), "gap between tile " + i + " and " + (i + 1));
        }
    }

    @Test
    void oneByOneIsTheWholeFrame() {
        assertEquals(List.of(new Tile(0, 0, 640, 480)), TiledDetector.layout(640, 480, 1, 1, 0.5));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TiledDetector.Settings(0, 2, 0.2, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TiledDetector.Settings(2, 2, 1.0, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TiledDetector.Settings(2, 2, 0.2, -1, 0.5));
    }

    @Test
    void tileBoxesMapBackByTheTileOffset() {
        Tile tile = new Tile(274, 205, 366, 275);
        BoundingBox b = TiledDetector.toFrame(new BoundingBox(10, 20, 30, 40), tile);
        assertEquals(new BoundingBox(284, 225, 30, 40), b);
    }

    @Test
    void onlyInnerEdgesCut() {
        int fw = 640;
        int fh = 480;
        Tile topLeft = new Tile(0, 0, 366, 275);
        // Touches the frame's left and top border: not cut.
        assertFalse(TiledDetector.touchesInnerEdge(new BoundingBox(0, 0, 50, 50), topLeft, fw, fh));
        // Touches the tile's right edge, which is inside the frame: cut.
        assertTrue(TiledDetector.touchesInnerEdge(new BoundingBox(320, 100, 46, 30), topLeft, fw, fh));
        // Touches the tile's bottom edge, inside the frame: cut.
        assertTrue(TiledDetector.touchesInnerEdge(new BoundingBox(100, 240, 30, 35), topLeft, fw, fh));
        // Well inside: not cut.
        assertFalse(TiledDetector.touchesInnerEdge(new BoundingBox(100, 100, 30, 30), topLeft, fw, fh));

        Tile bottomRight = new Tile(274, 205, 366, 275);
        // Its right and bottom edges are the frame's border: boxes reaching them are whole.
        assertFalse(TiledDetector.touchesInnerEdge(new BoundingBox(300, 230, 66, 45), bottomRight, fw, fh));
        // Its left edge is inside the frame.
        assertTrue(TiledDetector.touchesInnerEdge(new BoundingBox(1, 100, 30, 30), bottomRight, fw, fh));
    }

    @Test
    void keepFromTileDropsCutAndLargeBoxesAndMapsTheRest() {
        Tile tile = new Tile(274, 0, 366, 275); // top-right: left and bottom edges are inner
        List<Detection> found = List.of(
                new Detection(ObjectClass.MOTORBIKE, 0.8, new BoundingBox(100, 100, 30, 40), 1),
                new Detection(ObjectClass.CAR, 0.9, new BoundingBox(0, 50, 60, 40)),      // cut on the left
                new Detection(ObjectClass.CAR, 0.9, new BoundingBox(150, 20, 200, 150)),  // large
                new Detection(ObjectClass.CAR, 0.7, new BoundingBox(300, 10, 66, 40)));   // reaches frame border
        List<Detection> kept = TiledDetector.keepFromTile(found, tile, 640, 480, 128);
        assertEquals(List.of(
                new Detection(ObjectClass.MOTORBIKE, 0.8, new BoundingBox(374, 100, 30, 40), 1),
                new Detection(ObjectClass.CAR, 0.7, new BoundingBox(574, 10, 66, 40))), kept);
        // Without a size limit the large box stays.
        assertEquals(3, TiledDetector.keepFromTile(found, tile, 640, 480, 0).size());
    }

    @Test
    void mergeKeepsTheWholeFramesBoxAndAddsWhatOnlyTilesSaw() {
        Detection car = new Detection(ObjectClass.CAR, 0.6, new BoundingBox(100, 100, 80, 60));
        Detection sameCar = new Detection(ObjectClass.CAR, 0.8, new BoundingBox(102, 101, 80, 60));
        Detection bike = new Detection(ObjectClass.MOTORBIKE, 0.5, new BoundingBox(300, 300, 20, 30));
        Detection person = new Detection(ObjectClass.PERSON, 0.4, new BoundingBox(100, 100, 80, 60));
        assertEquals(List.of(car, bike, person),
                TiledDetector.merge(List.of(car), List.of(sameCar, bike, person), 0.5));
    }

    @Test
    void tileBoxesInsideOrAroundAKeptBoxAreDuplicates() {
        Detection car = new Detection(ObjectClass.CAR, 0.7, new BoundingBox(100, 100, 200, 100));
        Detection part = new Detection(ObjectClass.CAR, 0.9, new BoundingBox(110, 110, 60, 50)); // IoU 0.15
        Detection around = new Detection(ObjectClass.CAR, 0.5, new BoundingBox(90, 60, 260, 150)); // IoU 0.51-
        assertEquals(List.of(car), TiledDetector.merge(List.of(car), List.of(part, around), 0.6));
        // Two tiles seeing the same new object: one box.
        Detection bikeA = new Detection(ObjectClass.MOTORBIKE, 0.6, new BoundingBox(400, 300, 20, 40));
        Detection bikeB = new Detection(ObjectClass.MOTORBIKE, 0.5, new BoundingBox(401, 305, 19, 30));
        assertEquals(List.of(car, bikeA), TiledDetector.merge(List.of(car), List.of(bikeB, bikeA), 0.5));
    }

    @Test
    void overlapOfSmallerIsOneWhenABoxLiesInsideTheOther() {
        BoundingBox outer = new BoundingBox(0, 0, 100, 100);
        assertEquals(1.0, TiledDetector.overlapOfSmaller(outer, new BoundingBox(10, 10, 20, 20)), 1e-9);
        assertEquals(1.0, TiledDetector.overlapOfSmaller(new BoundingBox(10, 10, 20, 20), outer), 1e-9);
        assertEquals(0.5, TiledDetector.overlapOfSmaller(new BoundingBox(90, 0, 20, 10), outer), 1e-9);
        assertEquals(0.0, TiledDetector.overlapOfSmaller(new BoundingBox(200, 0, 20, 10), outer), 1e-9);
    }
}
