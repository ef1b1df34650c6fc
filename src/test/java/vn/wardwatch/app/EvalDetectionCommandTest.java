package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

class EvalDetectionCommandTest {

    @Test
    void busAndTruckCountAsCarAndBicycleAsMotorbikeByDefault() {
        assertEquals(ObjectClass.CAR, EvalDetectionCommand.scoredClass(ObjectClass.BUS, false));
        assertEquals(ObjectClass.CAR, EvalDetectionCommand.scoredClass(ObjectClass.TRUCK, false));
        assertEquals(ObjectClass.CAR, EvalDetectionCommand.scoredClass(ObjectClass.CAR, false));
        assertEquals(ObjectClass.MOTORBIKE, EvalDetectionCommand.scoredClass(ObjectClass.MOTORBIKE, false));
        assertEquals(ObjectClass.MOTORBIKE, EvalDetectionCommand.scoredClass(ObjectClass.BICYCLE, false));
        assertEquals(ObjectClass.PERSON, EvalDetectionCommand.scoredClass(ObjectClass.PERSON, false));
    }

    @Test
    void strictClassesKeepEachClass() {
        for (ObjectClass c : ObjectClass.values()) {
            assertEquals(c, EvalDetectionCommand.scoredClass(c, true));
        }
    }

    @Test
    void regroupingKeepsScoreBoxAndRidersAndSuppressesNothing() {
        BoundingBox box = new BoundingBox(0, 0, 10, 10);
        List<Detection> found = List.of(new Detection(ObjectClass.TRUCK, 0.7, box),
                new Detection(ObjectClass.CAR, 0.6, box), new Detection(ObjectClass.MOTORBIKE, 0.5, box, 2));
        assertEquals(List.of(new Detection(ObjectClass.CAR, 0.7, box), new Detection(ObjectClass.CAR, 0.6, box),
                        new Detection(ObjectClass.MOTORBIKE, 0.5, box, 2)),
                EvalDetectionCommand.scoredClasses(found, false));
    }
}
