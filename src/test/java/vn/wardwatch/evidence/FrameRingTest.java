package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import vn.wardwatch.util.OpenCv;

/** The ring keeps the last seconds by stream time, restarts on a backward jump and serves reads while written. */
class FrameRingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static Mat frame;

    @BeforeAll
    static void setUp() {
        OpenCv.load();
        frame = SyntheticFrames.frame(320, 240, 1);
    }

    @AfterAll
    static void release() {
        frame.release();
    }

    private static void addEvery(FrameRing ring, long fromMillis, long toMillis, long stepMillis) {
        for (long t = fromMillis; t <= toMillis; t += stepMillis) {
            ring.add(frame, t, T0.plusMillis(t));
        }
    }

    private static List<Long> times(List<RingFrame> frames) {
        return frames.stream().map(RingFrame::streamMillis).toList();
    }

    @Test
    void framesOlderThanTheWindowBehindTheNewestAreDropped() {
        FrameRing ring = new FrameRing(2.0, 80);
        addEvery(ring, 0, 5000, 200);
        // Newest 5000: the window keeps 3000..5000 inclusive, 11 frames.
        assertEquals(11, ring.size());
        assertEquals(List.of(3000L, 3200L, 3400L, 3600L, 3800L, 4000L, 4200L, 4400L, 4600L, 4800L, 5000L),
                times(ring.between(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals(5000L, ring.newestMillis().getAsLong());
        long sum = ring.between(Long.MIN_VALUE, Long.MAX_VALUE).stream().mapToLong(f -> f.jpeg().length).sum();
        assertEquals(sum, ring.bytes());
    }

    @Test
    void aStreamTimeThatJumpsBackwardsClearsTheRing() {
        FrameRing ring = new FrameRing(10.0, 80);
        addEvery(ring, 60_000, 62_000, 500);
        assertEquals(5, ring.size());
        ring.add(frame, 100, T0.plusSeconds(300)); // the camera reconnected and its clock restarted
        assertEquals(1, ring.size());
        assertEquals(List.of(100L), times(ring.between(0, Long.MAX_VALUE)));
        assertEquals(ring.between(0, 1000).get(0).jpeg().length, ring.bytes());
    }

    @Test
    void betweenIsInclusiveAndOldestFirst() {
        FrameRing ring = new FrameRing(10.0, 80);
        addEvery(ring, 0, 2000, 200);
        assertEquals(List.of(400L, 600L, 800L), times(ring.between(400, 800)));
        assertEquals(List.of(400L, 600L), times(ring.between(301, 799)));
        assertTrue(ring.between(2001, 3000).isEmpty());
    }

    @Test
    void nearestPicksTheClosestFrameAndTheEarlierOnATie() {
        FrameRing ring = new FrameRing(10.0, 80);
        assertTrue(ring.nearest(0).isEmpty());
        assertTrue(ring.newestMillis().isEmpty());
        addEvery(ring, 1000, 2000, 200);
        assertEquals(1400L, ring.nearest(1450).orElseThrow().streamMillis());
        assertEquals(1600L, ring.nearest(1510).orElseThrow().streamMillis());
        assertEquals(1400L, ring.nearest(1500).orElseThrow().streamMillis());
        assertEquals(1000L, ring.nearest(-5000).orElseThrow().streamMillis());
        assertEquals(2000L, ring.nearest(99_000).orElseThrow().streamMillis());
    }

    @Test
    void keptFramesDecodeToTheOriginalSizeAndCarryTheirWallTime() {
        FrameRing ring = new FrameRing(1.0, 90);
        ring.add(frame, 42, T0);
        RingFrame kept = ring.nearest(42).orElseThrow();
        assertEquals(T0, kept.wallTime());
        Mat decoded = kept.decode();
        try {
            assertEquals(frame.size(), decoded.size());
            assertEquals(frame.type(), decoded.type());
        } finally {
            decoded.release();
        }
    }

    @Test
    void aStreamTimeThatNeverAdvancesCannotGrowTheRingWithoutBound() {
        FrameRing ring = new FrameRing(1.0, 50);
        for (int i = 0; i < 500; i++) {
            ring.add(frame, 0, T0);
        }
        assertTrue(ring.size() <= 61, "size " + ring.size());
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(0, 80));
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(Double.NaN, 80));
        assertThrows(IllegalArgumentException.class, () -> new FrameRing(5, 101));
        FrameRing ring = new FrameRing(5, 80);
        Mat empty = new Mat();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ring.add(empty, 7, T0));
        assertTrue(e.getMessage().contains("7 ms"), e.getMessage());
        assertEquals(0, ring.size());
    }

    @Test
    void oneWriterAndOneReaderRunTogetherWithoutError() throws Exception {
        FrameRing ring = new FrameRing(1.0, 70);
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (writing.get() || reads == 0) {
                List<RingFrame> all = ring.between(Long.MIN_VALUE, Long.MAX_VALUE);
                for (int i = 1; i < all.size(); i++) {
                    assertTrue(all.get(i - 1).streamMillis() <= all.get(i).streamMillis());
                }
                if (!all.isEmpty()) {
                    assertTrue(all.get(all.size() - 1).streamMillis() - all.get(0).streamMillis() <= 1000);
                }
                ring.nearest(reads * 40L);
                ring.newestMillis();
                ring.bytes();
                reads++;
            }
            return reads;
        });
        try {
            for (int i = 0; i < 400; i++) {
                ring.add(frame, i * 40L, T0.plusMillis(i * 40L));
            }
        } finally {
            writing.set(false);
        }
        assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
        assertEquals(26, ring.size()); // 14960..15960 ms by 40 ms
        assertEquals(14_960L, ring.between(Long.MIN_VALUE, Long.MAX_VALUE).get(0).streamMillis());
    }
}
