package vn.wardwatch.analytics.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.testsupport.Tracks;

class ZoneOccupancyTest {

    private static final Polygon SQUARE = new Polygon(List.of(new Point(100, 100), new Point(300, 100),
            new Point(300, 300), new Point(100, 300)));

    @Test
    void countsByBottomCentreAnchorNotByBoxOverlap() {
        ZoneOccupancy zone = new ZoneOccupancy(new ZoneConfig("stop", SQUARE, Set.of()));
        // Top of the box in the zone, bottom below it: the object stands outside.
        var topInside = Tracks.box(1, ObjectClass.BUS, new BoundingBox(150, 250, 40, 80), true);
        // Box mostly above the zone, but its bottom-centre is inside.
        var bottomInside = Tracks.box(2, ObjectClass.CAR, new BoundingBox(150, 50, 40, 100), true);
        assertEquals(Map.of(ObjectClass.CAR, 1), zone.count(List.of(topInside, bottomInside)));
    }

    @Test
    void countsPerClassAndIncludesCoastingTracks() {
        ZoneOccupancy zone = new ZoneOccupancy(new ZoneConfig("stop", SQUARE, Set.of()));
        var tracks = List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 150, 150),
                Tracks.at(2, ObjectClass.MOTORBIKE, 200, 250, false),
                Tracks.at(3, ObjectClass.CAR, 250, 200),
                Tracks.at(4, ObjectClass.CAR, 350, 200));
        assertEquals(Map.of(ObjectClass.MOTORBIKE, 2, ObjectClass.CAR, 1), zone.count(tracks));
    }

    @Test
    void onlyConfiguredClasses() {
        ZoneOccupancy zone = new ZoneOccupancy(new ZoneConfig("walk", SQUARE, Set.of(ObjectClass.PERSON)));
        var tracks = List.of(Tracks.at(1, ObjectClass.MOTORBIKE, 150, 150), Tracks.at(2, ObjectClass.PERSON, 200, 200));
        assertEquals(Map.of(ObjectClass.PERSON, 1), zone.count(tracks));
        assertTrue(zone.count(List.of()).isEmpty());
    }
}
