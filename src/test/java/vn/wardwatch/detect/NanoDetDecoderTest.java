package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NanoDetDecoderTest {

    static final int N = 3549; // 52*52 + 26*26 + 13*13 for 416x416

    final NanoDetDecoder decoder = new NanoDetDecoder(416, 416);

    /** Logits whose softmax puts weight 0.5 on bins lo and hi: the expected bin is (lo + hi) / 2. */
    static void twoBins(float[] dist, int cell, int side, int lo, int hi) {
        int base = cell * 44 + side * 11;
        for (int i = 0; i < 11; i++) {
            dist[base + i] = (i == lo || i == hi) ? 8f : -1e4f;
        }
    }

    @Test
    void cellCountForInputSize() {
        assertEquals(N, decoder.cells());
        assertEquals(2704 + 676 + 169, new NanoDetDecoder(416, 416).cells());
        assertEquals(40 * 40 + 20 * 20 + 10 * 10, new NanoDetDecoder(320, 320).cells());
    }

    @Test
    void expectedBinOfUniformLogitsIsTheMiddle() {
        assertEquals(5.0, NanoDetDecoder.expectedBin(new float[11], 0), 1e-9);
    }

    @Test
    void decodesDistributionIntoBoxAroundCellCentre() {
        float[] scores = new float[N * 80];
        float[] dist = new float[N * 44];
        // Stride 16 level starts after the 2704 stride-8 cells; cell row 3, column 5 of its 26x26 grid.
        int cell = 2704 + 3 * 26 + 5;
        scores[cell * 80 + 2] = 0.9f;          // car
        scores[cell * 80 + 16] = 0.95f;        // dog: not a WardWatch class, dropped
        twoBins(dist, cell, 0, 2, 2);          // left   2   bins -> 32 px
        twoBins(dist, cell, 1, 1, 2);          // top    1.5 bins -> 24 px
        twoBins(dist, cell, 2, 4, 6);          // right  5   bins -> 80 px
        twoBins(dist, cell, 3, 0, 1);          // bottom 0.5 bins -> 8 px
        List<Detection> found = decoder.decode(List.of(
                new OutputTensor("scores", new long[] {1, N, 80}, scores),
                new OutputTensor("boxes", new long[] {1, N, 44}, dist)), 0.3);
        assertEquals(1, found.size());
        Detection d = found.get(0);
        assertEquals(ObjectClass.CAR, d.objectClass());
        assertEquals(0.9, d.score(), 1e-6);
        double cx = 5.5 * 16;
        double cy = 3.5 * 16;
        BoundingBox b = d.box();
        assertEquals(cx - 32, b.x(), 1e-3);
        assertEquals(cy - 24, b.y(), 1e-3);
        assertEquals(cx + 80, b.right(), 1e-3);
        assertEquals(cy + 8, b.bottom(), 1e-3);
    }

    @Test
    void oneBoxMayCarrySeveralClassesAndOutputOrderDoesNotMatter() {
        float[] scores = new float[N * 80];
        float[] dist = new float[N * 44];
        int cell = N - 1; // last stride-32 cell: row 12, column 12
        scores[cell * 80 + 3] = 0.6f;  // motorcycle
        scores[cell * 80 + 0] = 0.5f;  // person
        scores[cell * 80 + 7] = 0.2f;  // truck, under the threshold
        for (int side = 0; side < 4; side++) {
            twoBins(dist, cell, side, 1, 1);
        }
        List<Detection> found = decoder.decode(List.of(
                new OutputTensor("boxes", new long[] {1, N, 44}, dist),
                new OutputTensor("scores", new long[] {1, N, 80}, scores)), 0.3);
        assertEquals(2, found.size());
        assertEquals(ObjectClass.PERSON, found.get(0).objectClass());
        assertEquals(ObjectClass.MOTORBIKE, found.get(1).objectClass());
        assertEquals(BoundingBox.fromCorners(12.5 * 32 - 32, 12.5 * 32 - 32, 12.5 * 32 + 32, 12.5 * 32 + 32),
                found.get(1).box());
    }

    @Test
    void rejectsOutputsOfAnotherShape() {
        assertThrows(IllegalArgumentException.class,
                () -> decoder.checkOutputShapes(List.of(new long[] {1, 8400, 85})));
        assertThrows(IllegalArgumentException.class,
                () -> decoder.checkOutputShapes(List.of(new long[] {1, 2100, 80}, new long[] {1, 2100, 44})));
        decoder.checkOutputShapes(List.of(new long[] {1, N, 80}, new long[] {1, N, 44}));
        assertTrue(decoder.decode(List.of(new OutputTensor("s", new long[] {1, N, 80}, new float[N * 80]),
                new OutputTensor("b", new long[] {1, N, 44}, new float[N * 44])), 0.3).isEmpty());
    }
}
