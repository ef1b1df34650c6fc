package vn.wardwatch.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class YoloDecoderTest {

    @Test
    void decodesYolov5RowsWithObjectness() {
        int n = 3;
        float[] d = new float[n * 85];
        // Box 1: a bus at centre (100, 50), 40x20, objectness 0.8, class score 0.9 -> 0.72.
        int r = 85;
        d[r] = 100;
        d[r + 1] = 50;
        d[r + 2] = 40;
        d[r + 3] = 20;
        d[r + 4] = 0.8f;
        d[r + 5 + 5] = 0.9f;
        // Box 2: high class score but low objectness -> 0.9 * 0.2 = 0.18, dropped.
        d[2 * r + 4] = 0.2f;
        d[2 * r + 5 + 2] = 0.9f;
        List<Detection> found = new YoloDecoder(YoloDecoder.Layout.V5)
                .decode(List.of(new OutputTensor("output0", new long[] {1, n, 85}, d)), 0.3);
        assertEquals(1, found.size());
        assertEquals(ObjectClass.BUS, found.get(0).objectClass());
        assertEquals(0.72, found.get(0).score(), 1e-6);
        assertEquals(new BoundingBox(80, 40, 40, 20), found.get(0).box());
    }

    @Test
    void decodesYolov8TransposedColumns() {
        int n = 4;
        float[] d = new float[84 * n];
        // Column 2: a traffic light (COCO 9) at centre (30, 60), 10x30, score 0.7; class rows start at row 4.
        int col = 2;
        d[col] = 30;
        d[n + col] = 60;
        d[2 * n + col] = 10;
        d[3 * n + col] = 30;
        d[(4 + 9) * n + col] = 0.7f;
        // Column 0: a train (COCO 6) at 0.99: not a WardWatch class.
        d[(4 + 6) * n] = 0.99f;
        List<Detection> found = new YoloDecoder(YoloDecoder.Layout.V8)
                .decode(List.of(new OutputTensor("output0", new long[] {1, 84, n}, d)), 0.3);
        assertEquals(1, found.size());
        assertEquals(ObjectClass.TRAFFIC_LIGHT, found.get(0).objectClass());
        assertEquals(0.7, found.get(0).score(), 1e-6);
        assertEquals(new BoundingBox(25, 45, 10, 30), found.get(0).box());
    }

    @Test
    void rejectsTheOtherLayout() {
        assertThrows(IllegalArgumentException.class, () -> new YoloDecoder(YoloDecoder.Layout.V8)
                .checkOutputShapes(List.of(new long[] {1, 8400, 85})));
        assertThrows(IllegalArgumentException.class, () -> new YoloDecoder(YoloDecoder.Layout.V5)
                .checkOutputShapes(List.of(new long[] {1, 84, 8400})));
    }
}
