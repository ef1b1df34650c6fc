package vn.wardwatch.analytics.traffic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.TrafficConfig;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/**
 * Measures one zone's traffic state frame by frame from the tracks (bottom-centre anchor in the zone, as for
 * occupancy). Time is the stream's, so a replay measures like a live camera. Not thread-safe: the camera's thread.
 */
public final class ZoneTrafficMeter {

    /** Flow and km/h are averaged over the last minute. */
    static final long WINDOW_MILLIS = 60_000;

    private record Entry(long atMillis, ObjectClass objectClass) {
    }

    private record SpeedSample(long atMillis, double kmh) {
    }

    private final ZoneConfig zone;
    private final TrafficConfig.Zone config;
    private final double areaPx;
    /** Metres per pixel near the calibration lines; 0 when not calibrated. */
    private final double metresPerPx;
    private final Set<Long> entered = new HashSet<>();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final Deque<SpeedSample> speeds = new ArrayDeque<>();
    /** Per track: last clear side of each calibration line, and when it crossed each. */
    private final Map<Long, double[]> calibrationState = new HashMap<>();

    public ZoneTrafficMeter(ZoneConfig zone, TrafficConfig.Zone config) {
        this.zone = zone;
        this.config = config;
        this.areaPx = area(zone.polygon());
        TrafficConfig.Calibration c = config.calibration();
        if (c != null) {
            Point m1 = midpoint(c.first());
            Point m2 = midpoint(c.second());
            double px = Math.hypot(m2.x() - m1.x(), m2.y() - m1.y());
            this.metresPerPx = px > 0 ? c.metres() / px : 0;
        } else {
            this.metresPerPx = 0;
        }
    }

    public String zoneId() {
        return zone.id();
    }

    /** Measures one frame; {@code tracks} are all of the camera's live tracks. */
    public ZoneTraffic update(List<Track> tracks, long streamMillis) {
        Map<ObjectClass, Integer> byClass = new EnumMap<>(ObjectClass.class);
        List<Track> vehicles = new ArrayList<>();
        int people = 0;
        Set<Long> live = new HashSet<>();
        for (Track t : tracks) {
            live.add(t.id());
            if (!counted(t)) {
                continue;
            }
            if (t.objectClass().isVehicle()) {
                measureCalibration(t, streamMillis);
            }
            if (!zone.polygon().contains(t.anchorX(), t.anchorY())) {
                continue;
            }
            byClass.merge(t.objectClass(), 1, Integer::sum);
            if (t.objectClass() == ObjectClass.PERSON) {
                people++;
            } else if (t.objectClass().isVehicle()) {
                vehicles.add(t);
                // Each vehicle enters once, so box jitter on the zone's edge is not flow.
                if (entered.add(t.id())) {
                    entries.addLast(new Entry(streamMillis, t.objectClass()));
                }
            }
        }
        entered.retainAll(live);
        calibrationState.keySet().retainAll(live);
        while (!entries.isEmpty() && entries.peekFirst().atMillis() <= streamMillis - WINDOW_MILLIS) {
            entries.removeFirst();
        }
        while (!speeds.isEmpty() && speeds.peekFirst().atMillis() <= streamMillis - WINDOW_MILLIS) {
            speeds.removeFirst();
        }
        Map<ObjectClass, Integer> flow = new EnumMap<>(ObjectClass.class);
        entries.forEach(e -> flow.merge(e.objectClass(), 1, Integer::sum));

        Double speedPx = null;
        int stationary = 0;
        if (!vehicles.isEmpty()) {
            double sum = 0;
            for (Track t : vehicles) {
                sum += Math.hypot(t.velocityX(), t.velocityY());
                stationary += t.stationary() ? 1 : 0;
            }
            speedPx = sum / vehicles.size();
        }
        Double speedKmh = speeds.isEmpty() ? null
                : speeds.stream().mapToDouble(SpeedSample::kmh).average().orElse(0);
        Integer queueVehicles = null;
        Double queuePx = null;
        if (config.direction() != null) {
            double[] q = queue(vehicles);
            queueVehicles = (int) q[0];
            queuePx = q[1];
        }
        double density = metresPerPx > 0 ? people / (areaPx * metresPerPx * metresPerPx)
                : areaPx > 0 ? people * 1000.0 / areaPx : 0;
        return new ZoneTraffic(vehicles.size(), Collections.unmodifiableMap(byClass),
                Collections.unmodifiableMap(flow), speedPx, speedKmh, queueVehicles, queuePx,
                vehicles.isEmpty() ? 0 : (double) stationary / vehicles.size(), people, density, metresPerPx > 0);
    }

    private boolean counted(Track t) {
        return zone.classes() == null || zone.classes().isEmpty() || zone.classes().contains(t.objectClass());
    }

    /**
     * The queue: stationary vehicles chained back from the zone's downstream end, each starting within
     * {@code queueGapPx} of the one before (the first, of the end). Returns {vehicles, extent px}.
     */
    private double[] queue(List<Track> vehicles) {
        LineSegment dir = config.direction();
        double len = dir.length();
        double ux = (dir.b().x() - dir.a().x()) / len;
        double uy = (dir.b().y() - dir.a().y()) / len;
        double downstream = Double.NEGATIVE_INFINITY;
        for (Point p : zone.polygon().points()) {
            downstream = Math.max(downstream, p.x() * ux + p.y() * uy);
        }
        List<double[]> standing = new ArrayList<>(); // {distance of the anchor from the end, extent along dir}
        for (Track t : vehicles) {
            if (t.stationary()) {
                double d = downstream - (t.anchorX() * ux + t.anchorY() * uy);
                double extent = Math.abs(t.box().width() * ux) + Math.abs(t.box().height() * uy);
                standing.add(new double[] {d, extent});
            }
        }
        standing.sort(Comparator.comparingDouble(a -> a[0]));
        double end = 0;
        int count = 0;
        for (double[] s : standing) {
            if (s[0] - s[1] / 2 > end + config.queueGapPx()) {
                break;
            }
            end = Math.max(end, s[0] + s[1] / 2);
            count++;
        }
        return new double[] {count, count == 0 ? 0 : end};
    }

    /** Times each vehicle's anchor crossing the two calibration lines; both crossed gives one km/h sample. */
    private void measureCalibration(Track t, long streamMillis) {
        TrafficConfig.Calibration c = config.calibration();
        if (c == null || !t.matched()) {
            return;
        }
        Point anchor = new Point(t.anchorX(), t.anchorY());
        double[] s = calibrationState.computeIfAbsent(t.id(), id -> new double[] {0, 0, -1, -1, 0, 0, 0, 0});
        // s: side1, side2, time1, time2, last x, last y, seen
        double side1 = Math.signum(c.first().signedDistance(anchor));
        double side2 = Math.signum(c.second().signedDistance(anchor));
        if (s[6] == 1) {
            Point last = new Point(s[4], s[5]);
            if (s[2] < 0 && side1 != 0 && s[0] != 0 && side1 != s[0] && c.first().crossedBy(last, anchor)) {
                s[2] = streamMillis;
            }
            if (s[3] < 0 && side2 != 0 && s[1] != 0 && side2 != s[1] && c.second().crossedBy(last, anchor)) {
                s[3] = streamMillis;
            }
            if (s[2] >= 0 && s[3] >= 0) {
                double seconds = Math.abs(s[3] - s[2]) / 1000.0;
                if (seconds > 0) {
                    speeds.addLast(new SpeedSample(streamMillis, c.metres() / seconds * 3.6));
                }
                s[2] = Double.MAX_VALUE; // measured once per track
                s[3] = Double.MAX_VALUE;
            }
        }
        s[0] = side1 != 0 ? side1 : s[0];
        s[1] = side2 != 0 ? side2 : s[1];
        s[4] = anchor.x();
        s[5] = anchor.y();
        s[6] = 1;
    }

    private static Point midpoint(LineSegment l) {
        return new Point((l.a().x() + l.b().x()) / 2, (l.a().y() + l.b().y()) / 2);
    }

    private static double area(Polygon polygon) {
        List<Point> p = polygon.points();
        double twice = 0;
        for (int i = 0; i < p.size(); i++) {
            Point a = p.get(i);
            Point b = p.get((i + 1) % p.size());
            twice += a.x() * b.y() - b.x() * a.y();
        }
        return Math.abs(twice) / 2;
    }
}
