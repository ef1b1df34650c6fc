package vn.wardwatch.analytics.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.config.TrafficConfig;

/** Congestion levels: hysteresis and minimum duration keep them from flapping. */
class LevelTrackerTest {

    private static final List<TrafficConfig.LevelRule> RULES = List.of(
            new TrafficConfig.LevelRule("slow", 4.0, null, null, null, null),
            new TrafficConfig.LevelRule("congested", 8.0, null, null, null, null),
            new TrafficConfig.LevelRule("jammed", 8.0, 0.8, 5.0, null, null));

    private static ZoneTraffic occupancy(int n, double stationaryShare, Double speedPx) {
        return new ZoneTraffic(n, Map.of(), Map.of(), speedPx, null, null, null, stationaryShare, 0, 0, false);
    }

    /** Feeds one sample per 200 ms; returns every reported change as "ms:level". */
    private static List<String> run(LevelTracker tracker, int[] occupancies) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < occupancies.length; i++) {
            CongestionLevel l = tracker.update(occupancy(occupancies[i], 0, 20.0), i * 200L);
            if (l != null) {
                changes.add(i * 200 + ":" + l.wireName());
            }
        }
        return changes;
    }

    @Test
    void aSignalHoveringAtTheBarDoesNotFlap() {
        LevelTracker tracker = new LevelTracker(RULES, 0.2, 5);
        // 8 vehicles for 6 s (enters congested after 5 s), then 60 s hovering 7, 8, 7, 8 ... (above the 6.4 bar to
        // stay), then 7 and 6 alternating (6 is below 6.4 but never for 5 s in a row): it stays congested.
        int[] signal = new int[30 + 300 + 100];
        for (int i = 0; i < 30; i++) {
            signal[i] = 8;
        }
        for (int i = 30; i < 330; i++) {
            signal[i] = i % 2 == 0 ? 7 : 8;
        }
        for (int i = 330; i < 430; i++) {
            signal[i] = i % 2 == 0 ? 6 : 7;
        }
        assertEquals(List.of("5000:congested"), run(tracker, signal));
    }

    @Test
    void withoutHysteresisOrMinimumDurationTheSameSignalFlaps() {
        LevelTracker tracker = new LevelTracker(RULES, 0, 0);
        int[] signal = new int[100];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = i % 2 == 0 ? 7 : 8;
        }
        // The contrast shows what the two guards are for: a change at nearly every sample.
        assertEquals(100, run(tracker, signal).size());
    }

    @Test
    void aLevelIsLeftOnlyAfterItsRelaxedBarIsMissedForTheMinimumDuration() {
        LevelTracker tracker = new LevelTracker(RULES, 0.2, 5);
        int[] signal = new int[30 + 40];
        for (int i = 0; i < 30; i++) {
            signal[i] = 9;
        }
        for (int i = 30; i < 70; i++) {
            signal[i] = 5; // below 6.4: congested is left; 5 >= 4 keeps slow
        }
        assertEquals(List.of("5000:congested", "11000:slow"), run(tracker, signal));
    }

    @Test
    void jammedNeedsEveryBarAndAnUnknownSpeedIsNotSlow() {
        LevelTracker tracker = new LevelTracker(RULES, 0.2, 0);
        assertEquals(CongestionLevel.CONGESTED, tracker.update(occupancy(10, 0.5, 2.0), 0));
        assertEquals(CongestionLevel.JAMMED, tracker.update(occupancy(10, 0.9, 2.0), 200));
        // No vehicle measured has no speed: jammed's speed bar is not met, congested's occupancy still is.
        assertEquals(CongestionLevel.CONGESTED, tracker.update(occupancy(10, 0.9, null), 400));
        assertNull(tracker.update(occupancy(10, 0.9, null), 600));
    }
}
