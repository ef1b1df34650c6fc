package vn.wardwatch.analytics.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.ObjectClass;

/** Per-minute summaries of a zone's traffic state. */
class MinuteTrafficTest {

    private static ZoneTraffic frame(int vehicles, int people, Double speed, int queue, int flow) {
        return new ZoneTraffic(vehicles, Map.of(), Map.of(ObjectClass.CAR, flow), speed, null, queue, 0.0, 0.5,
                people, 0, false);
    }

    @Test
    void aMinuteIsSummedUpAtTheFirstFrameOfTheNext() {
        MinuteTraffic minutes = new MinuteTraffic();
        Instant t0 = Instant.parse("2026-11-22T01:00:10Z");
        assertNull(minutes.add(frame(2, 4, 10.0, 1, 3), CongestionLevel.FREE, t0));
        assertNull(minutes.add(frame(4, 8, null, 3, 5), CongestionLevel.CONGESTED, t0.plusSeconds(20)));
        assertNull(minutes.add(frame(3, 6, 20.0, 0, 6), CongestionLevel.SLOW, t0.plusSeconds(40)));
        MinuteTraffic.Summary s = minutes.add(frame(0, 0, null, 0, 6), CongestionLevel.FREE, t0.plusSeconds(50));
        assertEquals(Instant.parse("2026-11-22T01:00:00Z"), s.minuteStart());
        assertEquals(3, s.frames());
        assertEquals(3.0, s.meanOccupancy(), 1e-9);
        assertEquals(4, s.maxOccupancy());
        assertEquals(6.0, s.meanPeople(), 1e-9);
        assertEquals(8, s.maxPeople());
        assertEquals(6, s.flow());
        assertEquals(15.0, s.speedPx(), 1e-9); // frames without a speed are left out
        assertNull(s.speedKmh());
        assertEquals(3, s.maxQueueVehicles());
        assertEquals(CongestionLevel.CONGESTED, s.worstLevel());
    }
}
