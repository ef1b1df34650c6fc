package vn.wardwatch.violation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;

/**
 * SHA-256 of a camera's geometry, recorded with every violation so that a later question "was the stop line where
 * it is now?" has an answer. The hash is over a canonical text: every line, lane, head and zone in config order,
 * coordinates in plain decimal, class lists sorted, so the same geometry always hashes the same, whatever the YAML
 * formatting or the JVM.
 */
public final class GeometryHash {

    private GeometryHash() {
    }

    public static String of(GeometryConfig g) {
        StringBuilder b = new StringBuilder("wardwatch-geometry-v1\n");
        g.lines().forEach(l -> b.append("line ").append(l.id()).append(' ').append(segment(l.segment())).append(' ')
                .append(sorted(l.directions())).append(' ').append(classes(l.classes())).append('\n'));
        g.zones().forEach(z -> b.append("zone ").append(z.id()).append(' ').append(polygon(z.polygon())).append(' ')
                .append(classes(z.classes())).append('\n'));
        g.lanes().forEach(l -> b.append("lane ").append(l.id()).append(' ').append(polygon(l.polygon())).append(' ')
                .append(num(l.directionX())).append(',').append(num(l.directionY())).append(' ')
                .append(classes(l.classes())).append(' ').append(hours(l.hours())).append('\n'));
        g.signalHeads().forEach(h -> b.append("signal ").append(h.id()).append(' ').append(box(h.region())).append(' ')
                .append(h.fromImage() ? "image" : "controller").append('\n'));
        g.stopLines().forEach(s -> b.append("stop ").append(s.id()).append(' ').append(segment(s.segment()))
                .append(' ').append(s.signalId()).append(' ').append(s.laneId()).append(' ').append(s.through())
                .append('\n'));
        g.noStoppingZones().forEach(z -> b.append("no_stopping ").append(z.id()).append(' ')
                .append(polygon(z.polygon())).append(' ').append(num(z.maxDwellSeconds())).append(' ')
                .append(classes(z.classes())).append('\n'));
        g.restrictedZones().forEach(z -> b.append("restricted ").append(z.id()).append(' ')
                .append(polygon(z.polygon())).append(' ').append(classes(z.bannedClasses())).append(' ')
                .append(hours(z.hours())).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String segment(LineSegment s) {
        return point(s.a()) + ";" + point(s.b());
    }

    private static String polygon(Polygon p) {
        return p.points().stream().map(GeometryHash::point).collect(Collectors.joining(";"));
    }

    private static String box(BoundingBox b) {
        return num(b.x()) + "," + num(b.y()) + "," + num(b.width()) + "," + num(b.height());
    }

    private static String point(Point p) {
        return num(p.x()) + "," + num(p.y());
    }

    private static String classes(Collection<ObjectClass> classes) {
        return sorted(classes.stream().map(ObjectClass::wireName).toList());
    }

    private static String sorted(Collection<String> items) {
        return "[" + items.stream().sorted().collect(Collectors.joining(",")) + "]";
    }

    private static String hours(List<TimeWindow> hours) {
        return "[" + hours.stream().map(TimeWindow::toString).collect(Collectors.joining(",")) + "]";
    }

    private static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
