package vn.wardwatch.analytics.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.ObjectClass;

class MinuteCountsTest {

    private static CountEvent event(String line, ObjectClass c, String direction, String wallTime) {
        return new CountEvent("cam1", line, c, direction, 1, 0, Instant.parse(wallTime));
    }

    private static Instant at(String t) {
        return Instant.parse(t);
    }

    @Test
    void bucketsByMinuteAndDrainsOnlyClosedMinutes() {
        MinuteCounts counts = new MinuteCounts();
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:00:30Z"));
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:00:59.999Z"));
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:01:00Z"));
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:01:10Z"));

        assertTrue(counts.drainClosed(at("2025-03-01T08:00:59.999Z")).isEmpty(), "08:00 has not ended yet");
        assertEquals(List.of(new CountBucket("cam1", "gate", ObjectClass.CAR, "in", at("2025-03-01T08:00:00Z"), 2)),
                counts.drainClosed(at("2025-03-01T08:01:00Z")));
        assertTrue(counts.drainClosed(at("2025-03-01T08:01:30Z")).isEmpty(), "drained once; 08:01 still open");
        assertEquals(List.of(new CountBucket("cam1", "gate", ObjectClass.CAR, "in", at("2025-03-01T08:01:00Z"), 2)),
                counts.drainAll());
        assertTrue(counts.drainAll().isEmpty());
        assertEquals(Map.of(new MinuteCounts.TotalKey("cam1", "gate", ObjectClass.CAR, "in"), 4L), counts.totals());
    }

    @Test
    void separatesLinesClassesAndDirectionsAndOrdersByMinute() {
        MinuteCounts counts = new MinuteCounts();
        counts.addAll(List.of(
                event("gate", ObjectClass.MOTORBIKE, "out", "2025-03-01T08:02:05Z"),
                event("gate", ObjectClass.MOTORBIKE, "in", "2025-03-01T08:01:05Z"),
                event("gate", ObjectClass.CAR, "in", "2025-03-01T08:01:06Z"),
                event("side", ObjectClass.CAR, "in", "2025-03-01T08:01:07Z"),
                event("gate", ObjectClass.MOTORBIKE, "in", "2025-03-01T08:01:50Z")));
        List<CountBucket> closed = counts.drainClosed(at("2025-03-01T08:03:00Z"));
        assertEquals(List.of(
                new CountBucket("cam1", "gate", ObjectClass.CAR, "in", at("2025-03-01T08:01:00Z"), 1),
                new CountBucket("cam1", "gate", ObjectClass.MOTORBIKE, "in", at("2025-03-01T08:01:00Z"), 2),
                new CountBucket("cam1", "side", ObjectClass.CAR, "in", at("2025-03-01T08:01:00Z"), 1),
                new CountBucket("cam1", "gate", ObjectClass.MOTORBIKE, "out", at("2025-03-01T08:02:00Z"), 1)),
                closed);
        assertEquals(2L, counts.totals().get(new MinuteCounts.TotalKey("cam1", "gate", ObjectClass.MOTORBIKE, "in")));
    }

    @Test
    void aLateEventForADrainedMinuteIsDeliveredAgainAsAnIncrement() {
        MinuteCounts counts = new MinuteCounts();
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:00:10Z"));
        assertEquals(1, counts.drainClosed(at("2025-03-01T08:01:00Z")).get(0).count());
        counts.add(event("gate", ObjectClass.CAR, "in", "2025-03-01T08:00:58Z"));
        List<CountBucket> late = counts.drainClosed(at("2025-03-01T08:01:01Z"));
        assertEquals(List.of(new CountBucket("cam1", "gate", ObjectClass.CAR, "in", at("2025-03-01T08:00:00Z"), 1)),
                late);
    }

    @Test
    void concurrentAddsAreAllCounted() throws InterruptedException {
        MinuteCounts counts = new MinuteCounts();
        Runnable adder = () -> {
            for (int i = 0; i < 20_000; i++) {
                counts.add(event("gate", ObjectClass.values()[i % 5], "in", "2025-03-01T08:00:10Z"));
                if (i % 100 == 0) {
                    counts.totals(); // a reader in between, as the API does
                }
            }
        };
        Thread a = new Thread(adder);
        Thread b = new Thread(adder);
        a.start();
        b.start();
        a.join();
        b.join();
        assertEquals(40_000L, counts.totals().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(40_000L, counts.drainAll().stream().mapToLong(CountBucket::count).sum());
    }
}
