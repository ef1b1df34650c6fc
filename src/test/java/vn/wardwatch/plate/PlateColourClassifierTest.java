package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Scalar;
import vn.wardwatch.util.OpenCv;

class PlateColourClassifierTest {

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void backgroundColourDecidesNotTheCharacters() {
        Scalar dark = new Scalar(20, 20, 20);
        Scalar light = new Scalar(245, 245, 245);
        assertEquals(PlateColour.WHITE, classify(SyntheticPlates.WHITE, dark));
        assertEquals(PlateColour.YELLOW, classify(SyntheticPlates.YELLOW, dark));
        assertEquals(PlateColour.BLUE, classify(SyntheticPlates.BLUE, light));
        assertEquals(PlateColour.RED, classify(new Scalar(30, 30, 200), light));
        // A dark grey plate (night, shadow) has no trustworthy colour.
        assertEquals(PlateColour.UNKNOWN, classify(new Scalar(60, 60, 60), dark));
    }

    @Test
    void pixelClassesFollowHsv() {
        assertEquals(PlateColour.WHITE, PlateColourClassifier.pixelClass(0, 20, 200));
        assertEquals(PlateColour.UNKNOWN, PlateColourClassifier.pixelClass(0, 20, 60));
        assertEquals(PlateColour.YELLOW, PlateColourClassifier.pixelClass(27, 180, 220));
        assertEquals(PlateColour.BLUE, PlateColourClassifier.pixelClass(110, 200, 160));
        assertEquals(PlateColour.RED, PlateColourClassifier.pixelClass(2, 200, 200));
        assertEquals(PlateColour.RED, PlateColourClassifier.pixelClass(175, 200, 200));
        assertEquals(PlateColour.UNKNOWN, PlateColourClassifier.pixelClass(60, 200, 200)); // green
    }

    private static PlateColour classify(Scalar background, Scalar ink) {
        return PlateColourClassifier.classify(
                SyntheticPlates.degrade(SyntheticPlates.plate(List.of("29-B1", "256.62"), background, ink), 1, 4, 1));
    }
}
