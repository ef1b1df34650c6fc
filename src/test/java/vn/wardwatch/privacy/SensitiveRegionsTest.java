package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

/** Where heads and text are hidden, from boxes alone. */
class SensitiveRegionsTest {

    private static boolean covers(BoundingBox outer, BoundingBox inner) {
        return outer.x() <= inner.x() && outer.y() <= inner.y() && outer.right() >= inner.right()
                && outer.bottom() >= inner.bottom();
    }

    @Test
    void aPersonsHeadBandIsTheTopOfTheBoxOverItsFullWidthPadded() {
        BoundingBox person = new BoundingBox(100, 50, 40, 100);
        List<BoundingBox> heads = SensitiveRegions.heads(List.of(new Detection(ObjectClass.PERSON, 0.5, person)));
        assertEquals(1, heads.size());
        BoundingBox head = heads.get(0);
        // The head of a 100 px person: its top ~15 px over its width; the band reaches 22 px, grown 15% each way.
        assertTrue(covers(head, new BoundingBox(100, 50, 40, 22)), head.toString());
        assertTrue(head.bottom() < 50 + 0.3 * 100, "the band must not hide the whole body: " + head);
    }

    @Test
    void weakPersonsAreHiddenToo() {
        BoundingBox person = new BoundingBox(0, 0, 10, 30);
        assertEquals(1, SensitiveRegions.heads(List.of(new Detection(ObjectClass.PERSON, 0.16, person))).size());
        assertEquals(0, SensitiveRegions.heads(List.of(new Detection(ObjectClass.PERSON, 0.1, person))).size());
    }

    @Test
    void aRiderGetsItsOwnHeadBandAndTheMergedBikeTheTopOfRiderAndBike() {
        BoundingBox bike = new BoundingBox(100, 150, 60, 50);
        BoundingBox rider = new BoundingBox(110, 110, 40, 70); // sits on the bike: lower half over it
        List<BoundingBox> heads = SensitiveRegions.heads(List.of(
                new Detection(ObjectClass.MOTORBIKE, 0.5, bike), new Detection(ObjectClass.PERSON, 0.5, rider)));
        assertEquals(2, heads.size(), heads.toString());
        BoundingBox riderHead = new BoundingBox(110, 110, 40, 12);
        assertTrue(heads.stream().allMatch(h -> covers(h, riderHead)), heads.toString());
    }

    @Test
    void aBikeWithoutAFoundRiderHidesWhereARidersHeadWouldBe() {
        BoundingBox bike = new BoundingBox(100, 150, 60, 50);
        List<BoundingBox> heads = SensitiveRegions.heads(List.of(new Detection(ObjectClass.MOTORBIKE, 0.5, bike)));
        assertEquals(1, heads.size());
        BoundingBox band = heads.get(0);
        // A rider's head is above the bike box, by about half the bike's height (a seated adult over a wheel).
        assertTrue(covers(band, new BoundingBox(100, 150 - 0.6 * 50, 60, 0.6 * 50 + 10)), band.toString());
    }

    @Test
    void aCarTruckOrBusHidesItsWindowsButNotItsLowerHalf() {
        for (ObjectClass c : List.of(ObjectClass.CAR, ObjectClass.TRUCK, ObjectClass.BUS)) {
            BoundingBox car = new BoundingBox(100, 100, 200, 100);
            List<BoundingBox> bands = SensitiveRegions.heads(List.of(new Detection(c, 0.5, car)));
            assertEquals(1, bands.size(), c.toString());
            assertTrue(covers(bands.get(0), new BoundingBox(100, 100, 200, 50)), bands.toString());
            assertTrue(bands.get(0).bottom() < 100 + 0.7 * 100, "the plate's half stays: " + bands);
        }
        assertTrue(SensitiveRegions.heads(List.of(
                new Detection(ObjectClass.CAR, 0.2, new BoundingBox(0, 0, 100, 50)))).isEmpty());
    }

    @Test
    void trafficLightsHaveNoBand() {
        assertTrue(SensitiveRegions.heads(List.of(
                new Detection(ObjectClass.TRAFFIC_LIGHT, 0.9, new BoundingBox(0, 0, 10, 30)))).isEmpty());
    }

    @Test
    void textBoxesArePaddedByTheirHeightAtLeastThreePixels() {
        List<BoundingBox> out = SensitiveRegions.textBoxes(List.of(new BoundingBox(10, 20, 100, 20),
                new BoundingBox(0, 0, 20, 4)));
        assertEquals(new BoundingBox(2, 12, 116, 36), out.get(0));
        assertEquals(new BoundingBox(-3, -3, 26, 10), out.get(1));
    }
}
