package vn.wardwatch.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.NoStoppingZoneConfig;
import vn.wardwatch.config.RestrictedZoneConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.config.StopLineConfig;
import vn.wardwatch.config.TimeWindow;
import vn.wardwatch.config.ZoneConfig;
import vn.wardwatch.detect.ObjectClass;

/**
 * A camera's configured geometry as JSON, in analysis-frame pixels ({@code width} x {@code height}, x right, y
 * down), for the console to draw over the camera's frame (issue 9). Lists keep the configuration's order.
 */
final class GeometryJson {

    private GeometryJson() {
    }

    static JsonObject of(CameraConfig camera) {
        GeometryConfig g = camera.geometry();
        JsonArray lines = new JsonArray();
        for (LineConfig l : g.lines()) {
            lines.add(new JsonObject().put("id", l.id()).put("points", segment(l.segment()))
                    .put("directions", sorted(l.directions())).put("classes", classes(l.classes())));
        }
        JsonArray zones = new JsonArray();
        for (ZoneConfig z : g.zones()) {
            zones.add(new JsonObject().put("id", z.id()).put("polygon", polygon(z.polygon()))
                    .put("classes", classes(z.classes())));
        }
        JsonArray lanes = new JsonArray();
        for (LaneConfig l : g.lanes()) {
            lanes.add(new JsonObject().put("id", l.id()).put("polygon", polygon(l.polygon()))
                    .put("direction", laneArrow(l)).put("allowedClasses", classes(l.classes()))
                    .put("hours", hours(l.hours())));
        }
        JsonArray stopLines = new JsonArray();
        for (StopLineConfig s : g.stopLines()) {
            stopLines.add(new JsonObject().put("id", s.id()).put("points", segment(s.segment()))
                    .put("signalHead", s.signalId()).put("lane", s.laneId()).put("through", s.through()));
        }
        JsonArray heads = new JsonArray();
        for (SignalHeadConfig h : g.signalHeads()) {
            heads.add(new JsonObject().put("id", h.id())
                    .put("region", new JsonArray().add(h.region().x()).add(h.region().y()).add(h.region().width())
                            .add(h.region().height()))
                    .put("source", h.fromImage() ? "image" : "controller"));
        }
        JsonArray noStopping = new JsonArray();
        for (NoStoppingZoneConfig z : g.noStoppingZones()) {
            noStopping.add(new JsonObject().put("id", z.id()).put("polygon", polygon(z.polygon()))
                    .put("maxDwellSeconds", z.maxDwellSeconds()).put("classes", classes(z.classes())));
        }
        JsonArray restricted = new JsonArray();
        for (RestrictedZoneConfig z : g.restrictedZones()) {
            restricted.add(new JsonObject().put("id", z.id()).put("polygon", polygon(z.polygon()))
                    .put("bannedClasses", classes(z.bannedClasses())).put("hours", hours(z.hours())));
        }
        return new JsonObject().put("camera", camera.id()).put("width", camera.detect().width())
                .put("height", camera.detect().height()).put("lines", lines).put("zones", zones).put("lanes", lanes)
                .put("stopLines", stopLines).put("signalHeads", heads).put("noStoppingZones", noStopping)
                .put("restrictedZones", restricted);
    }

    /**
     * The configuration keeps only the lane's unit direction; drawn as an arrow from the polygon's vertex mean, half
     * as long as the shorter side of the polygon's bounding box.
     */
    static JsonArray laneArrow(LaneConfig lane) {
        List<Point> pts = lane.polygon().points();
        double cx = 0;
        double cy = 0;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Point p : pts) {
            cx += p.x() / pts.size();
            cy += p.y() / pts.size();
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        double length = Math.min(maxX - minX, maxY - minY) / 2;
        return new JsonArray().add(point(new Point(cx, cy)))
                .add(point(new Point(cx + lane.directionX() * length, cy + lane.directionY() * length)));
    }

    private static JsonArray segment(LineSegment s) {
        return new JsonArray().add(point(s.a())).add(point(s.b()));
    }

    private static JsonArray polygon(Polygon p) {
        JsonArray out = new JsonArray();
        p.points().forEach(pt -> out.add(point(pt)));
        return out;
    }

    private static JsonArray point(Point p) {
        return new JsonArray().add(round(p.x())).add(round(p.y()));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Wire names, sorted; empty means every class. */
    private static JsonArray classes(Collection<ObjectClass> classes) {
        return new JsonArray(classes.stream().map(ObjectClass::wireName).sorted().toList());
    }

    private static JsonArray sorted(Collection<String> values) {
        return new JsonArray(values.stream().sorted().toList());
    }

    /** {@code "07:00-09:00"}, local time; empty means always. */
    private static JsonArray hours(List<TimeWindow> hours) {
        return new JsonArray(hours.stream().map(TimeWindow::toString).toList());
    }
}
