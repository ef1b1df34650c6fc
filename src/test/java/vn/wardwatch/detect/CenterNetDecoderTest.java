package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CenterNetDecoderTest {

    static final int G = 16; // 64x64 input -> 16x16 grid at stride 4

    final CenterNetDecoder decoder = new CenterNetDecoder(64, 64);

    static void set(float[] heat, int x, int y, int classId, float score) {
        heat[(y * G + x) * 80 + classId] = score;
    }

    static void setWh(float[] wh, int x, int y, float l, float t, float r, float b) {
        int base = (y * G + x) * 4;
        wh[base] = l;
        wh[base + 1] = t;
        wh[base + 2] = r;
        wh[base + 3] = b;
    }

    static List<OutputTensor> outputs(float[] heat, float[] wh) {
        return List.of(new OutputTensor("heatmap", new long[] {1, G, G, 80}, heat),
                new OutputTensor("wh", new long[] {1, G, G, 4}, wh));
    }

    @Test
    void peakBecomesBoxAroundFourTimesItsCell() {
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        set(heat, 5, 3, 2, 0.9f);     // car peak at cell (5,3) -> point (20,12)
        set(heat, 4, 3, 2, 0.4f);     // its weaker neighbour: not a peak, and under half the peak: no sub-cell shift
        setWh(wh, 5, 3, 10, 4, 6, 8);
        List<Detection> found = decoder.decode(outputs(heat, wh), 0.3);
        assertEquals(1, found.size(), found.toString());
        Detection car = found.get(0);
        assertEquals(ObjectClass.CAR, car.objectClass());
        assertEquals(0.9, car.score(), 1e-6);
        assertEquals(10, car.box().x(), 1e-6);
        assertEquals(8, car.box().y(), 1e-6);
        assertEquals(26, car.box().right(), 1e-6);
        assertEquals(20, car.box().bottom(), 1e-6);
    }

    @Test
    void peaksArePerClassAndBelowThresholdOrDroppedClassesAreLeftOut() {
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        set(heat, 8, 8, 3, 0.8f);  // motorbike
        set(heat, 8, 8, 0, 0.7f);  // person at the same cell: another class, its own peak
        set(heat, 1, 1, 3, 0.2f);  // below threshold
        set(heat, 12, 2, 16, 0.9f); // dog: not reported
        setWh(wh, 8, 8, 4, 4, 4, 4);
        List<Detection> found = decoder.decode(outputs(heat, wh), 0.3);
        assertEquals(List.of(ObjectClass.MOTORBIKE, ObjectClass.PERSON),
                found.stream().map(Detection::objectClass).toList());
    }

    @Test
    void keepsOnlyTheBestTopKPeaks() {
        CenterNetDecoder top2 = new CenterNetDecoder(64, 64, 2, true);
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        for (int i = 0; i < 5; i++) {
            set(heat, 2 + 3 * i, 7, 2, 0.4f + 0.1f * i); // five separate peaks
            setWh(wh, 2 + 3 * i, 7, 2, 2, 2, 2);
        }
        List<Detection> found = top2.decode(outputs(heat, wh), 0.3);
        assertEquals(2, found.size());
        assertEquals(0.8, found.get(0).score(), 1e-6);
        assertEquals(0.7, found.get(1).score(), 1e-6);
    }

    @Test
    void personAndCarBoxesSitAroundTheHeatCentroidOfTheirPeakCore() {
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        set(heat, 5, 5, 0, 0.8f);   // person peak at cell (5,5) -> point (20,20)
        set(heat, 6, 5, 0, 0.4f);   // right neighbour at half the peak: the centre lies right of the cell
        set(heat, 5, 4, 0, 0.2f);   // upper neighbour under half: a neighbour's tail, ignored
        setWh(wh, 5, 5, 3, 10, 3, 10);
        setWh(wh, 6, 5, 50, 50, 50, 50); // neighbours' own distances are not used
        Detection person = decoder.decode(outputs(heat, wh), 0.3).get(0);
        double cx = 4 * (5 * 0.8 + 6 * 0.4) / 1.2; // 21.33
        assertEquals(ObjectClass.PERSON, person.objectClass());
        assertEquals(cx - 3, person.box().x(), 1e-5);
        assertEquals(cx + 3, person.box().right(), 1e-5);
        assertEquals(10, person.box().y(), 1e-5);
        assertEquals(30, person.box().bottom(), 1e-5);
        assertEquals(0.8, person.score(), 1e-6);

        CenterNetDecoder cellOnly = new CenterNetDecoder(64, 64, CenterNetDecoder.DEFAULT_TOP_K, false);
        assertEquals(17, cellOnly.decode(outputs(heat, wh), 0.3).get(0).box().x(), 1e-5);
    }

    @Test
    void aSymmetricCoreLeavesTheCentreOnTheCell() {
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        set(heat, 8, 8, 2, 0.9f);
        set(heat, 7, 8, 2, 0.6f);
        set(heat, 9, 8, 2, 0.6f);
        set(heat, 8, 7, 2, 0.5f);
        set(heat, 8, 9, 2, 0.5f);
        setWh(wh, 8, 8, 6, 4, 6, 4);
        Detection car = decoder.decode(outputs(heat, wh), 0.3).get(0);
        assertEquals(26, car.box().x(), 1e-5);
        assertEquals(28, car.box().y(), 1e-5);
    }

    @Test
    void twoWheelerBoxesStayOnTheirPeakCell() {
        float[] heat = new float[G * G * 80];
        float[] wh = new float[G * G * 4];
        set(heat, 5, 5, 3, 0.8f);   // motorcycle
        set(heat, 6, 5, 3, 0.7f);
        set(heat, 10, 10, 1, 0.8f); // bicycle
        set(heat, 10, 11, 1, 0.7f);
        setWh(wh, 5, 5, 4, 4, 4, 4);
        setWh(wh, 10, 10, 4, 4, 4, 4);
        List<Detection> found = decoder.decode(outputs(heat, wh), 0.3);
        assertEquals(2, found.size(), found.toString());
        for (Detection d : found) {
            int cell = d.objectClass() == ObjectClass.MOTORBIKE ? 5 : 10;
            assertEquals(4 * cell - 4, d.box().x(), 1e-6, d.toString());
            assertEquals(4 * cell - 4, d.box().y(), 1e-6, d.toString());
        }
    }

    @Test
    void zeroSizedBoxesAreDropped() {
        float[] heat = new float[G * G * 80];
        set(heat, 3, 3, 2, 0.9f);
        assertTrue(decoder.decode(outputs(heat, new float[G * G * 4]), 0.3).isEmpty());
    }

    @Test
    void rejectsOutputsOfAnotherGrid() {
        assertThrows(IllegalArgumentException.class,
                () -> decoder.checkOutputShapes(List.of(new long[] {1, 128, 128, 80}, new long[] {1, 128, 128, 4})));
        decoder.checkOutputShapes(List.of(new long[] {1, G, G, 4}, new long[] {1, G, G, 80}));
    }
}
