package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Synthetic boxes in frame pixels; a motorbike 60x40 at (100,160), a seated rider 40x70 on it. */
class RiderMergerTest {

    static Detection det(ObjectClass c, double score, double x1, double y1, double x2, double y2) {
        return new Detection(c, score, BoundingBox.fromCorners(x1, y1, x2, y2));
    }

    static final Detection BIKE = det(ObjectClass.MOTORBIKE, 0.6, 100, 160, 160, 200);
    static final Detection RIDER = det(ObjectClass.PERSON, 0.8, 110, 110, 150, 180);

    @Test
    void riderJoinsBikeIntoOneMotorbikeCoveringBoth() {
        List<Detection> out = RiderMerger.merge(List.of(BIKE, RIDER));
        assertEquals(1, out.size(), out.toString());
        assertEquals(ObjectClass.MOTORBIKE, out.get(0).objectClass());
        assertEquals(BoundingBox.fromCorners(100, 110, 160, 200), out.get(0).box());
        assertEquals(1, out.get(0).riders());
    }

    @Test
    void mergedScoreIsTheNoisyOrOfBikeAndBestRider() {
        Detection weakBike = new Detection(ObjectClass.MOTORBIKE, 0.3, BIKE.box());
        Detection weakRider = new Detection(ObjectClass.PERSON, 0.4, RIDER.box());
        Detection passenger = det(ObjectClass.PERSON, 0.2, 125, 115, 160, 182);
        Detection merged = RiderMerger.merge(List.of(weakBike, weakRider, passenger)).get(0);
        // Two weak pieces of evidence for one road user beat either alone; only the best rider counts.
        assertEquals(1 - 0.7 * 0.6, merged.score(), 1e-12);
        assertEquals(2, merged.riders());
    }

    @Test
    void bikeWithoutRiderKeepsItsScore() {
        assertEquals(0.6, RiderMerger.merge(List.of(BIKE)).get(0).score());
    }

    @Test
    void twoRidersBothJoin() {
        Detection passenger = det(ObjectClass.PERSON, 0.5, 125, 115, 160, 182);
        List<Detection> out = RiderMerger.merge(List.of(RIDER, BIKE, passenger));
        assertEquals(1, out.size(), out.toString());
        assertEquals(2, out.get(0).riders());
        assertEquals(BoundingBox.fromCorners(100, 110, 160, 200), out.get(0).box());
    }

    @Test
    void pedestrianBesideBikeStaysPerson() {
        Detection pedestrian = det(ObjectClass.PERSON, 0.9, 170, 120, 200, 200); // right of the bike, no overlap
        Detection edge = det(ObjectClass.PERSON, 0.9, 145, 120, 185, 200);       // only 15 of 40 px over it
        List<Detection> out = RiderMerger.merge(List.of(BIKE, pedestrian, edge));
        assertEquals(3, out.size());
        assertTrue(out.contains(pedestrian) && out.contains(edge) && out.contains(BIKE), out.toString());
    }

    @Test
    void personFarAboveOrBelowStaysPerson() {
        Detection above = det(ObjectClass.PERSON, 0.9, 110, 20, 150, 100);   // lower half ends above the bike
        Detection behind = det(ObjectClass.PERSON, 0.9, 110, 150, 150, 230); // centre below the bike's centre
        List<Detection> out = RiderMerger.merge(List.of(BIKE, above, behind));
        assertEquals(3, out.size());
        assertEquals(0, out.stream().mapToInt(Detection::riders).sum());
    }

    @Test
    void weakPersonBoxDoesNotJoin() {
        Detection weak = new Detection(ObjectClass.PERSON, RiderMerger.MIN_PERSON_SCORE - 0.01, RIDER.box());
        assertEquals(2, RiderMerger.merge(List.of(BIKE, weak)).size());
    }

    @Test
    void personJoinsOnlyTheBikeItSitsOnBest() {
        // Two bikes side by side in a queue; the rider fits both, but its lower half is more over the right one
        // (30 of 40 px wide vs 25), which wins although the left one scores higher.
        Detection left = det(ObjectClass.MOTORBIKE, 0.9, 60, 160, 125, 200);
        Detection right = det(ObjectClass.MOTORBIKE, 0.4, 110, 160, 170, 200);
        Detection rider = det(ObjectClass.PERSON, 0.7, 100, 110, 140, 180);
        assertTrue(RiderMerger.ridingFit(rider.box(), left.box()) > 0, "fits the left bike too");
        List<Detection> out = RiderMerger.merge(List.of(left, right, rider));
        assertEquals(2, out.size(), out.toString());
        Detection mergedRight = out.stream().filter(d -> d.riders() == 1).findFirst().orElseThrow();
        assertEquals(1, mergedRight.riders());
        assertEquals(BoundingBox.fromCorners(100, 110, 170, 200), mergedRight.box());
        assertTrue(out.contains(left), "the other bike is unchanged: " + out);
    }

    @Test
    void bicycleTakesItsRiderAndOtherClassesPassThrough() {
        Detection bicycle = new Detection(ObjectClass.BICYCLE, 0.5, BIKE.box());
        Detection car = det(ObjectClass.CAR, 0.95, 300, 100, 400, 200);
        List<Detection> out = RiderMerger.merge(List.of(car, RIDER, bicycle));
        assertEquals(2, out.size(), out.toString());
        assertEquals(car, out.get(0));
        Detection merged = out.get(1);
        assertEquals(ObjectClass.BICYCLE, merged.objectClass());
        assertEquals(BoundingBox.fromCorners(100, 110, 160, 200), merged.box());
        assertEquals(1, merged.riders());
        assertEquals(0.9, merged.score(), 1e-9);
    }
}
