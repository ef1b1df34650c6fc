package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NmsTest {

    static Detection det(ObjectClass c, double score, double x, double y, double w, double h) {
        return new Detection(c, score, new BoundingBox(x, y, w, h));
    }

    @Test
    void suppressesOverlappingBoxesOfOneClassKeepingTheBest() {
        Detection best = det(ObjectClass.CAR, 0.9, 0, 0, 100, 100);
        Detection overlapping = det(ObjectClass.CAR, 0.8, 10, 0, 100, 100);   // IoU 0.82
        Detection apart = det(ObjectClass.CAR, 0.7, 300, 0, 100, 100);
        assertEquals(List.of(best, apart), Nms.apply(List.of(overlapping, apart, best), 0.5));
    }

    @Test
    void keepsBoxesOverlappingLessThanTheThreshold() {
        Detection a = det(ObjectClass.CAR, 0.9, 0, 0, 100, 100);
        Detection b = det(ObjectClass.CAR, 0.8, 50, 0, 100, 100);             // IoU 1/3
        assertEquals(List.of(a, b), Nms.apply(List.of(a, b), 0.5));
        assertEquals(List.of(a), Nms.apply(List.of(a, b), 0.3));
    }

    @Test
    void classesDoNotSuppressEachOther() {
        Detection rider = det(ObjectClass.PERSON, 0.6, 0, 0, 100, 100);
        Detection bike = det(ObjectClass.MOTORBIKE, 0.9, 0, 0, 100, 100);
        assertEquals(List.of(bike, rider), Nms.apply(List.of(rider, bike), 0.5));
    }

    @Test
    void suppressedBoxDoesNotSuppressOthers() {
        // b is suppressed by a; c overlaps b but not a, so c stays (greedy NMS).
        Detection a = det(ObjectClass.BUS, 0.9, 0, 0, 100, 100);
        Detection b = det(ObjectClass.BUS, 0.8, 30, 0, 100, 100);
        Detection c = det(ObjectClass.BUS, 0.7, 75, 0, 100, 100);
        assertEquals(List.of(a, c), Nms.apply(List.of(a, b, c), 0.4));
    }

    @Test
    void oneVehicleReportedAsCarAndTruckBecomesOneDetection() {
        Detection truck = det(ObjectClass.TRUCK, 0.36, 464, 85, 229, 80);
        Detection car = det(ObjectClass.CAR, 0.35, 468, 87, 229, 81);
        Detection rider = det(ObjectClass.PERSON, 0.6, 470, 60, 60, 100);
        Detection otherCar = det(ObjectClass.CAR, 0.5, 0, 0, 100, 60);
        assertEquals(List.of(rider, otherCar, truck),
                Nms.acrossVehicleClasses(List.of(car, truck, rider, otherCar), 0.7));
    }

    @Test
    void vehiclesThatOnlyTouchAreBothKept() {
        Detection a = det(ObjectClass.CAR, 0.9, 0, 0, 100, 100);
        Detection b = det(ObjectClass.TRUCK, 0.8, 50, 0, 100, 100);            // IoU 1/3
        assertEquals(List.of(a, b), Nms.acrossVehicleClasses(List.of(b, a), 0.7));
    }

    @Test
    void groupSuppressionTreatsItsClassesAsOneAndLeavesOthersAlone() {
        Detection motorbike = det(ObjectClass.MOTORBIKE, 0.5, 0, 0, 20, 60);
        Detection bicycle = det(ObjectClass.BICYCLE, 0.4, 0, 10, 20, 60);      // IoU 5/7 with the motorbike
        Detection rider = det(ObjectClass.PERSON, 0.9, 0, 0, 20, 60);
        Detection car = det(ObjectClass.CAR, 0.3, 0, 5, 20, 60);
        assertEquals(List.of(rider, motorbike, car),
                Nms.acrossClasses(List.of(bicycle, motorbike, rider, car), RiderMerger::isTwoWheeler, 0.5));
        assertEquals(4, Nms.acrossClasses(List.of(bicycle, motorbike, rider, car), RiderMerger::isTwoWheeler, 0.75)
                .size(), "below the overlap both two-wheelers stay");
    }
}
