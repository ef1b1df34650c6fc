package vn.wardwatch.evidence;

import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.LaneConfig;
import vn.wardwatch.config.SignalHeadConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;

/**
 * Draws what an officer needs to judge an overview picture: the camera's violation geometry (stop lines, lanes with
 * their direction, no-stopping and restricted zones, signal heads with their state), the offending vehicle's box,
 * and a caption bar with camera, time, rule and picture label. Text is ASCII (OpenCV's Hershey fonts have no
 * Vietnamese glyphs): names are written by id. Draws on a copy; the caller's frame is untouched.
 */
public final class OverviewPainter {

    private static final Scalar RED = new Scalar(0, 0, 255);
    private static final Scalar YELLOW = new Scalar(0, 215, 255);
    private static final Scalar GREEN = new Scalar(0, 200, 0);
    private static final Scalar GREY = new Scalar(160, 160, 160);
    private static final Scalar WHITE = new Scalar(255, 255, 255);
    private static final Scalar BLUE = new Scalar(255, 128, 0);
    private static final Scalar ORANGE = new Scalar(0, 140, 255);
    private static final Scalar BLACK = new Scalar(0, 0, 0);
    private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

    private final GeometryConfig geometry;

    public OverviewPainter(GeometryConfig geometry) {
        this.geometry = geometry;
    }

    /**
     * @param signals the signal heads' states at the picture's moment (may be empty)
     * @param caption lines of the caption bar, top first
     */
    public Mat paint(Mat frame, BoundingBox vehicle, String vehicleLabel, List<SignalState> signals,
                     List<String> caption) {
        Mat out = frame.clone();
        // Font scale 0.5 (about 11 px) on a 640-wide frame, growing with it.
        double scale = fontScale(out.cols());
        int thin = Math.max(1, (int) Math.round(scale * 1.5));
        for (LaneConfig lane : geometry.lanes()) {
            polygon(out, lane.polygon(), BLUE, thin);
            arrow(out, lane, thin);
        }
        geometry.noStoppingZones().forEach(z -> polygon(out, z.polygon(), YELLOW, thin));
        geometry.restrictedZones().forEach(z -> polygon(out, z.polygon(), ORANGE, thin));
        for (var stop : geometry.stopLines()) {
            SignalColour c = colourOf(signals, stop.signalId());
            line(out, stop.segment(), c == SignalColour.RED ? RED : WHITE, thin * 2);
        }
        for (SignalHeadConfig head : geometry.signalHeads()) {
            SignalColour c = colourOf(signals, head.id());
            BoundingBox r = head.region();
            Imgproc.rectangle(out, new Point(r.x(), r.y()), new Point(r.right(), r.bottom()), colour(c), thin);
            String source = signals.stream().filter(s -> s.headId().equals(head.id())).map(SignalState::source)
                    .findFirst().orElse("?");
            // Under the head: above it is often the caption bar or the frame's edge.
            label(out, c.wireName().toUpperCase() + " (" + source + ")", r.x(), r.bottom() + 16 * scale, scale,
                    colour(c));
        }
        Imgproc.rectangle(out, new Point(vehicle.x(), vehicle.y()), new Point(vehicle.right(), vehicle.bottom()),
                RED, thin * 2);
        label(out, vehicleLabel, vehicle.x(), Math.max(12 * scale, vehicle.y() - 4), scale, RED);
        caption(out, caption, scale);
        return out;
    }

    private static SignalColour colourOf(List<SignalState> signals, String headId) {
        return signals.stream().filter(s -> s.headId().equals(headId)).map(SignalState::colour).findFirst()
                .orElse(SignalColour.UNKNOWN);
    }

    private static Scalar colour(SignalColour c) {
        return switch (c) {
            case RED -> RED;
            case YELLOW -> YELLOW;
            case GREEN -> GREEN;
            case UNKNOWN -> GREY;
        };
    }

    private static void polygon(Mat out, Polygon p, Scalar colour, int thickness) {
        MatOfPoint points = new MatOfPoint(p.points().stream().map(q -> new Point(q.x(), q.y())).toArray(Point[]::new));
        Imgproc.polylines(out, List.of(points), true, colour, thickness);
        points.release();
    }

    private static void line(Mat out, LineSegment s, Scalar colour, int thickness) {
        Imgproc.line(out, new Point(s.a().x(), s.a().y()), new Point(s.b().x(), s.b().y()), colour, thickness);
    }

    /** The lane's allowed direction, from the middle of its polygon's bounds. */
    private static void arrow(Mat out, LaneConfig lane, int thickness) {
        double cx = lane.polygon().points().stream().mapToDouble(p -> p.x()).average().orElse(0);
        double cy = lane.polygon().points().stream().mapToDouble(p -> p.y()).average().orElse(0);
        double len = 30 * Math.max(0.5, out.cols() / 1280.0);
        Imgproc.arrowedLine(out, new Point(cx - lane.directionX() * len / 2, cy - lane.directionY() * len / 2),
                new Point(cx + lane.directionX() * len / 2, cy + lane.directionY() * len / 2), BLUE, thickness,
                Imgproc.LINE_AA, 0, 0.3);
    }

    private static void label(Mat out, String text, double x, double y, double scale, Scalar colour) {
        Point at = new Point(x, y);
        // A dark outline keeps the text readable on any background.
        Imgproc.putText(out, text, at, FONT, scale, BLACK, 3, Imgproc.LINE_AA);
        Imgproc.putText(out, text, at, FONT, scale, colour, 1, Imgproc.LINE_AA);
    }

    /** Height in pixels of the caption bar of {@code lines} lines across the top of a picture {@code cols} wide. */
    public static int captionHeight(int cols, int lines) {
        return lineHeight(fontScale(cols)) * lines + 6;
    }

    private static double fontScale(int cols) {
        return Math.max(0.4, cols / 1280.0);
    }

    private static int lineHeight(double scale) {
        return (int) Math.round(22 * scale + 4);
    }

    private static void caption(Mat out, List<String> lines, double scale) {
        int lineHeight = lineHeight(scale);
        int height = captionHeight(out.cols(), lines.size());
        Imgproc.rectangle(out, new Point(0, 0), new Point(out.cols(), height), BLACK, -1);
        for (int i = 0; i < lines.size(); i++) {
            Imgproc.putText(out, ascii(lines.get(i)), new Point(6, lineHeight * (i + 1)), FONT, scale,
                    WHITE, 1, Imgproc.LINE_AA);
        }
    }

    /** Hershey fonts draw '?' for anything else; say so rather than print garbage. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.append(cp >= 32 && cp < 127 ? (char) cp : '?'));
        return b.toString();
    }
}
