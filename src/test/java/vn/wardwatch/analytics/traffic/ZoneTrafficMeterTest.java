package vn.wardwatch.analytics.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vn.wardwatch.analytics.traffic.TrafficFixtures.ROAD;
import static vn.wardwatch.analytics.traffic.TrafficFixtures.track;
import static vn.wardwatch.analytics.traffic.TrafficFixtures.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/** Zone metrics measured on synthetic tracks, with time from the stream. */
class ZoneTrafficMeterTest {

    @Test
    void occupancySpeedStationaryShareAndPeopleDensity() {
        ZoneTrafficMeter meter = new ZoneTrafficMeter(ROAD, zone(List.of(), null, null));
        List<Track> tracks = List.of(
                track(1, ObjectClass.CAR, 100, 100, 30, false, 0),
                track(2, ObjectClass.MOTORBIKE, 200, 100, 0, true, 0),
                track(3, ObjectClass.CAR, 700, 100, 50, false, 0), // outside the zone
                track(4, ObjectClass.PERSON, 50, 190, 0, false, 0));
        ZoneTraffic t = meter.update(tracks, 0);
        assertEquals(2, t.occupancy());
        assertEquals(1, t.people());
        assertEquals(15.0, t.speedPx(), 1e-9);
        assertEquals(0.5, t.stationaryShare(), 1e-9);
        assertEquals(Map.of(ObjectClass.CAR, 1, ObjectClass.MOTORBIKE, 1, ObjectClass.PERSON, 1), t.byClass());
        // 600 x 200 px; calibration 20 m over 200 px: 0.1 m/px, so 60 m x 20 m = 1200 m².
        assertEquals(1 / 1200.0, t.density(), 1e-12);
        assertEquals(true, t.densityPerM2());
    }

    @Test
    void flowCountsEachVehicleOnceAndForgetsAfterAMinute() {
        ZoneTrafficMeter meter = new ZoneTrafficMeter(ROAD, zone(List.of(), null, null));
        meter.update(List.of(track(1, ObjectClass.CAR, 10, 100, 50, false, 0)), 0);
        meter.update(List.of(track(1, ObjectClass.CAR, 20, 100, 50, false, 200),
                track(2, ObjectClass.BUS, 10, 100, 50, false, 200)), 200);
        ZoneTraffic t = meter.update(List.of(track(1, ObjectClass.CAR, 30, 100, 50, false, 400),
                track(2, ObjectClass.BUS, 20, 100, 50, false, 400)), 400);
        assertEquals(Map.of(ObjectClass.CAR, 1, ObjectClass.BUS, 1), t.flowPerMinute());
        assertEquals(2, t.flowTotal());
        ZoneTraffic later = meter.update(List.of(), 60_100);
        assertEquals(Map.of(ObjectClass.BUS, 1), later.flowPerMinute());
        assertEquals(0, meter.update(List.of(), 60_500).flowTotal());
    }

    @Test
    void kmhFromTheTimeBetweenTheTwoCalibrationLines() {
        ZoneTrafficMeter meter = new ZoneTrafficMeter(ROAD, zone(List.of(), null, null));
        ZoneTraffic t = null;
        // 50 px/s over 200 px = 4 s for 20 m = 18 km/h.
        for (long ms = 0; ms <= 8000; ms += 200) {
            t = meter.update(List.of(track(7, ObjectClass.CAR, 50 + ms * 0.05, 100, 50, false, ms)), ms);
        }
        assertEquals(18.0, t.speedKmh(), 0.5);
    }

    @Test
    void withoutCalibrationNoKmhAndDensityPer1000Px2() {
        ZoneTrafficMeter meter = new ZoneTrafficMeter(ROAD, new vn.wardwatch.config.TrafficConfig.Zone("road", null,
                40, null, List.of(), null, null));
        ZoneTraffic t = meter.update(List.of(track(4, ObjectClass.PERSON, 50, 190, 0, false, 0)), 0);
        assertNull(t.speedKmh());
        assertNull(t.queueVehicles());
        assertEquals(1000.0 / 120_000, t.density(), 1e-12);
    }

    @Test
    void queueChainsStationaryVehiclesBackFromTheDownstreamEnd() {
        ZoneTrafficMeter meter = new ZoneTrafficMeter(ROAD, zone(List.of(), null, null));
        List<Track> tracks = new ArrayList<>();
        // Traffic moves right: the downstream end is x = 600. Cars 40 px long, 10 px apart, from x = 580 back.
        for (int i = 0; i < 4; i++) {
            tracks.add(track(i + 1, ObjectClass.CAR, 580 - i * 50, 100, 0, true, 0));
        }
        tracks.add(track(9, ObjectClass.CAR, 200, 100, 0, true, 0)); // standing far behind: not in the queue
        tracks.add(track(10, ObjectClass.CAR, 350, 120, 40, false, 0)); // moving: not in the queue
        ZoneTraffic t = meter.update(tracks, 0);
        assertEquals(4, t.queueVehicles());
        assertEquals(190.0, t.queuePx(), 1e-9); // from x = 600 back to the last car's rear at x = 410
    }
}
