package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.TiledDetector.Tile;

/** Where the region detector puts its crops. */
class RegionDetectorTest {

    @Test
    void oneCropCoversNearbyRegionsAndStaysInsideTheFrame() {
        List<BoundingBox> regions = List.of(
                new BoundingBox(600, 440, 30, 30),   // bottom-right corner: crop shifted inside the frame
                new BoundingBox(500, 400, 40, 40));  // inside the same crop
        List<Tile> crops = RegionDetector.crops(regions, 640, 480, 416, 3, 128);
        assertEquals(List.of(new Tile(224, 64, 416, 416)), crops);
    }

    @Test
    void farApartRegionsGetTheirOwnCropsUpToTheLimit() {
        List<BoundingBox> regions = List.of(
                new BoundingBox(10, 10, 20, 20),
                new BoundingBox(600, 440, 30, 30),
                new BoundingBox(10, 440, 25, 25));
        assertEquals(2, RegionDetector.crops(regions, 1280, 720, 416, 2, 128).size());
        List<Tile> all = RegionDetector.crops(regions, 1280, 720, 416, 5, 128);
        for (BoundingBox r : regions) {
            assertTrue(all.stream().anyMatch(t -> RegionDetector.contains(t, r)), r + " not covered by " + all);
        }
    }

    @Test
    void largeRegionsAndFramesNoBiggerThanACropGetNone() {
        List<BoundingBox> large = List.of(new BoundingBox(100, 100, 200, 150));
        assertEquals(List.of(), RegionDetector.crops(large, 640, 480, 416, 3, 128));
        List<BoundingBox> small = List.of(new BoundingBox(100, 100, 20, 20));
        assertEquals(List.of(), RegionDetector.crops(small, 416, 416, 416, 3, 128));
    }
}
