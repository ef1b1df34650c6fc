package vn.wardwatch.analytics.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.ByteTracker;
import vn.wardwatch.track.Track;

/** The real tracker feeding the counters, with a flickering detector. */
class TrackerToCountsTest {

    @Test
    void flickeringMotorbikeCountsOnceAndACarParkedOnTheLineNever() {
        LineConfig line = new LineConfig("gate", new LineSegment(new Point(50, 200), new Point(600, 200)),
                Set.of("in", "out"), Set.of());
        CameraConfig camera = new CameraConfig("cam1", "test", ZoneId.of("UTC"),
                new SourceConfig("clip.mp4", "clip.mp4", false, 10),
                new DetectConfig(640, 360, 10, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(line), List.of()), PlateConfig.DISABLED);
        ByteTracker tracker = new ByteTracker();
        CameraAnalytics analytics = new CameraAnalytics(camera);
        Random random = new Random(5);
        Instant t0 = Instant.parse("2025-03-01T08:00:00Z");
        List<CountEvent> events = new ArrayList<>();

        for (int f = 0; f < 30; f++) {
            long millis = f * 100L;
            List<Detection> detections = new ArrayList<>();
            // Motorbike riding up the frame at 150 px/s; missed in two frames right at the line.
            double bikeBottom = 320 - 15 * f;
            if (f != 8 && f != 9) {
                double score = 0.35 + random.nextDouble() * 0.5;
                ObjectClass c = random.nextInt(5) == 0 ? ObjectClass.BICYCLE : ObjectClass.MOTORBIKE;
                detections.add(new Detection(c, score, new BoundingBox(300, bikeBottom - 45, 28, 45)));
            }
            // Car parked with its bottom edge on the line, box jittering by +-2 px.
            double carBottom = 200 + (random.nextDouble() * 4 - 2);
            detections.add(new Detection(ObjectClass.CAR, 0.6, new BoundingBox(100, carBottom - 70, 110, 70)));

            List<Track> tracks = tracker.update(detections, millis);
            analytics.forget(tracker.drainRemovedIds());
            events.addAll(analytics.update(tracks, millis, t0.plusMillis(millis)).events());
        }

        assertEquals(1, events.size(), events.toString());
        assertEquals(ObjectClass.MOTORBIKE, events.get(0).objectClass());
        assertEquals(CountEvent.IN, events.get(0).direction());
    }
}
