package vn.wardwatch.warning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.TrafficFixtures;
import vn.wardwatch.analytics.traffic.ZoneTraffic;
import vn.wardwatch.config.TrafficConfig;

/** Crowd, surge and congestion warnings are raised, updated and cleared on stream time. */
class WarningWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    private static ZoneTraffic people(int n) {
        return new ZoneTraffic(0, Map.of(), Map.of(), null, null, null, null, 0, n, 0, false);
    }

    /** Feeds people counts at 200 ms steps from {@code startMs}; returns "ms kind state" for every warning. */
    private static List<String> feed(WarningWatch watch, List<Warning> all, long startMs, int... counts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            long ms = startMs + i * 200L;
            for (Warning w : watch.update(people(counts[i]), null, ms, T0.plusMillis(ms))) {
                out.add(ms + " " + w.kind() + " " + w.state());
                all.add(w);
            }
        }
        return out;
    }

    private static int[] repeat(int value, int times) {
        int[] a = new int[times];
        java.util.Arrays.fill(a, value);
        return a;
    }

    @Test
    void crowdIsRaisedAfterItsSecondsUpdatedWhenItGrowsAndClearedWhenItThins() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(),
                new TrafficConfig.CrowdRule(15, 10), null), 0.2, 5);
        List<Warning> all = new ArrayList<>();
        assertEquals(List.of(), feed(watch, all, 0, repeat(15, 50)));           // 0..9.8 s: not yet 10 s
        assertEquals(List.of("10000 crowd raised"), feed(watch, all, 10_000, 15));
        // One more person is no material change; 20 is, once min_seconds after the last report.
        assertEquals(List.of(), feed(watch, all, 10_200, repeat(16, 24)));
        assertEquals(List.of("15000 crowd updated"), feed(watch, all, 15_000, 20));
        // 13 is under 15 but not under 12 (15 less 20 %): still active, and reported as a material change.
        assertEquals(List.of("20000 crowd updated"), feed(watch, all, 15_200, repeat(13, 100)));
        List<String> cleared = feed(watch, all, 35_200, repeat(5, 30));
        assertEquals(List.of("40200 crowd cleared"), cleared);
        Warning raised = all.get(0);
        Warning last = all.get(all.size() - 1);
        assertEquals(raised.id(), last.id());
        assertEquals(T0.plusMillis(10_000), last.raisedAt());
        assertEquals(T0.plusMillis(40_200), last.clearedAt());
        assertEquals(20, all.get(1).metrics().get("people"));
        assertTrue(raised.snapshot());
        assertNull(raised.level());
    }

    @Test
    void surgeIsRaisedOnAFastRiseAndClearedWhenTheRiseIsOver() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(), null,
                new TrafficConfig.SurgeRule(10, 5)), 0.2, 5);
        List<Warning> all = new ArrayList<>();
        // A slow rise of 10 over 20 s is no surge.
        int[] slow = new int[100];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = i / 10;
        }
        assertEquals(List.of(), feed(watch, all, 0, slow));
        // 5 people, then 15 from 20 s: a surge once the 15 has held a second.
        assertEquals(List.of(), feed(watch, all, 20_000, repeat(5, 50)));
        assertEquals(List.of(), feed(watch, all, 30_000, repeat(15, 5)));
        assertEquals(List.of("31000 surge raised"), feed(watch, all, 31_000, 15));
        assertEquals(List.of(), feed(watch, all, 31_200, repeat(15, 9)));
        // 21 is half a rise above the reported 15: an update, min_seconds after the raise. The rise is last seen at
        // 34.8 s (the window still holds the 5s); cleared 5 s later.
        assertEquals(List.of("36000 surge updated", "39800 surge cleared"),
                feed(watch, all, 33_000, repeat(21, 40)));
        assertEquals(10L, all.get(0).metrics().get("rise"));
    }

    @Test
    void aOneFrameFlickerOrTheFirstFramesAfterAStartAreNoSurge() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(), null,
                new TrafficConfig.SurgeRule(4, 5)), 0.2, 5);
        List<Warning> all = new ArrayList<>();
        // From nothing to 8 at once on start: the window has not been seen yet.
        assertEquals(List.of(), feed(watch, all, 0, repeat(8, 30)));
        // A detector flicker: 2 people, one frame of 9, 2 again.
        assertEquals(List.of(), feed(watch, all, 6_000, 2, 2, 2, 9, 2, 2, 2));
    }

    @Test
    void congestionFollowsTheSteadiedLevel() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(), null, null), 0.2, 5);
        ZoneTraffic t = people(0);
        assertEquals(List.of(), watch.update(t, CongestionLevel.SLOW, 0, T0));
        Warning raised = watch.update(t, CongestionLevel.CONGESTED, 1000, T0.plusSeconds(1)).get(0);
        assertEquals("raised congested", raised.state() + " " + raised.level());
        Warning updated = watch.update(t, CongestionLevel.JAMMED, 2000, T0.plusSeconds(2)).get(0);
        assertEquals("updated jammed", updated.state() + " " + updated.level());
        assertEquals(List.of(), watch.update(t, null, 3000, T0.plusSeconds(3)));
        Warning cleared = watch.update(t, CongestionLevel.SLOW, 4000, T0.plusSeconds(4)).get(0);
        assertEquals("cleared slow", cleared.state() + " " + cleared.level());
        assertEquals(raised.id(), cleared.id());
        assertNotNull(cleared.clearedAt());
        assertEquals(0, watch.active());
    }

    @Test
    void stoppingClearsEveryOpenWarningWithItsLastMetricsAndTheReason() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(),
                new TrafficConfig.CrowdRule(15, 1), null), 0.2, 5);
        List<Warning> all = new ArrayList<>();
        assertEquals(List.of("1000 crowd raised"), feed(watch, all, 0, repeat(15, 6)));
        assertEquals(List.of(), feed(watch, all, 1200, repeat(16, 24)));
        assertEquals(List.of("6000 crowd updated"), feed(watch, all, 6000, 20));
        Warning congestion = watch.update(people(20), CongestionLevel.JAMMED, 6200, T0.plusMillis(6200)).get(0);
        assertEquals(Warning.RAISED, congestion.state());
        assertEquals(2, watch.active());

        Instant stoppedAt = T0.plusSeconds(60); // the stop's wall time, not a frame's
        List<Warning> cleared = watch.stop(stoppedAt);
        assertEquals(List.of("congestion cleared jammed", "crowd cleared null"), cleared.stream()
                .map(w -> w.kind() + " " + w.state() + " " + w.level()).toList());
        assertEquals(List.of(congestion.id(), all.get(0).id()), cleared.stream().map(Warning::id).toList());
        for (Warning w : cleared) {
            assertEquals(stoppedAt, w.clearedAt());
            assertEquals(stoppedAt, w.frameAt());
            assertEquals(Warning.ANALYSIS_STOPPED, w.metrics().get(Warning.REASON));
            assertTrue(w.snapshot(), "the raise's snapshot stays the warning's");
        }
        assertEquals(T0.plusMillis(1000), cleared.get(1).raisedAt());
        assertEquals(20, cleared.get(1).metrics().get("people"), "the last update's metrics");
        assertEquals(15, cleared.get(1).metrics().get("threshold"));
        assertEquals(0, watch.active());
        assertEquals(List.of(), watch.stop(stoppedAt.plusSeconds(1)), "cleared once");
    }

    @Test
    void stoppingWithNothingOpenClearsNothing() {
        WarningWatch watch = new WarningWatch("cam", TrafficFixtures.zone(List.of(),
                new TrafficConfig.CrowdRule(15, 1), null), 0.2, 5);
        assertEquals(List.of(), feed(watch, new ArrayList<>(), 0, repeat(14, 20)));
        assertEquals(List.of(), watch.stop(T0.plusSeconds(60)));
    }
}
