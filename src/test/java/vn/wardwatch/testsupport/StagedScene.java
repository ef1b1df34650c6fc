package vn.wardwatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.signal.SignalColour;

/**
 * A staged traffic scene for end-to-end tests, composed with ffmpeg: a drawn two-lane road seen from the side
 * (eastbound lane below, westbound above), a white stop line across the eastbound lane, a drawn vertical signal head
 * (red top, yellow middle, green bottom; one lamp lit with a glow) whose phase changes at given times, and real
 * vehicle photos ({@link StagedVehicle}) driven along given straight paths. The video is drawn at the analysis size,
 * {@value #WIDTH}x{@value #HEIGHT}, so its geometry ({@link #stopLine()}, {@link #signalHead()}, {@link #lanes()})
 * is in analysis pixels as a camera config wants it. H.264, no B-frames, keyframe every second, {@value #FPS} fps.
 */
public record StagedScene(String name, double seconds, List<SignalPhase> phases, List<VehiclePass> passes) {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    public static final int FPS = 10;

    // The road: westbound lane y 190-300, eastbound lane y 300-410, across the whole width.
    static final int ROAD_TOP = 190;
    static final int LANE_SPLIT = 300;
    static final int ROAD_BOTTOM = 410;
    /** Where the wheels run, a little below each lane's middle (the detector's box ends a little above them). */
    public static final double EAST_WHEELS_Y = 362;
    public static final double WEST_WHEELS_Y = 250;
    static final int STOP_LINE_X = 320;
    // Signal head housing: 24x66, lamps of radius 8 at (12, 12), (12, 33), (12, 54) in it; on a pole.
    static final int HEAD_X = 400;
    static final int HEAD_Y = 60;
    static final int HEAD_W = 24;
    static final int HEAD_H = 66;

    public StagedScene {
        phases = List.copyOf(phases);
        passes = List.copyOf(passes);
        if (phases.isEmpty() || phases.get(0).startSeconds() != 0) {
            throw new IllegalArgumentException("the first signal phase must start at 0 s");
        }
    }

    /**
     * Green until 6 s, yellow until 8 s, red to the end (15 s). A pickup crosses the stop line eastbound on green
     * (at 2.0 s), another drives east in the westbound lane (wrong way, 4.5-8.5 s, 840 px), a third crosses the
     * stop line eastbound at 12.0 s, 4 s after the change to red (its front at about 11.6 s).
     */
    public static StagedScene redLightAndWrongWay() {
        return new StagedScene("red-light-and-wrong-way", 15, standardPhases(), List.of(
                eastbound("legal on green", 0, 4),
                new VehiclePass("wrong way", StagedVehicle.PICKUP, new Point(-100, WEST_WHEELS_Y),
                        new Point(740, WEST_WHEELS_Y), 4.5, 8.5, false),
                eastbound("red light", 10, 14)));
    }

    /**
     * The same scene with legal traffic only: the same green crossing, a pickup driving west in the westbound lane,
     * and the third pickup stopping at 12 s with its wheels 120 px (its front ~25 px) before the stop line to wait
     * out the red.
     */
    public static StagedScene legalOnly() {
        return new StagedScene("legal-only", 15, standardPhases(), List.of(
                eastbound("legal on green", 0, 4),
                new VehiclePass("westbound", StagedVehicle.PICKUP, new Point(740, WEST_WHEELS_Y),
                        new Point(-100, WEST_WHEELS_Y), 4.5, 8.5, false),
                new VehiclePass("waits at red", StagedVehicle.PICKUP, new Point(-100, EAST_WHEELS_Y),
                        new Point(200, EAST_WHEELS_Y), 10, 12, true)));
    }

    /**
     * A queue (issue 6): red throughout; three pickups drive in eastbound one after the other and stop one behind
     * the other, their wheels at x = 500, 295 and 90 (about 15 px between bumpers), by 3, 5 and 7 s, and wait there
     * to the end (20 s). A fourth drives west through the westbound lane at 9-13 s.
     */
    public static StagedScene queue() {
        return new StagedScene("queue", 20, List.of(new SignalPhase(0, SignalColour.RED)), List.of(
                new VehiclePass("first in the queue", StagedVehicle.PICKUP, new Point(-100, EAST_WHEELS_Y),
                        new Point(500, EAST_WHEELS_Y), 0, 3, true),
                new VehiclePass("second", StagedVehicle.PICKUP, new Point(-100, EAST_WHEELS_Y),
                        new Point(295, EAST_WHEELS_Y), 2, 5, true),
                new VehiclePass("third", StagedVehicle.PICKUP, new Point(-100, EAST_WHEELS_Y),
                        new Point(90, EAST_WHEELS_Y), 4, 7, true),
                new VehiclePass("westbound", StagedVehicle.PICKUP, new Point(740, WEST_WHEELS_Y),
                        new Point(-100, WEST_WHEELS_Y), 9, 13, false)));
    }

    private static List<SignalPhase> standardPhases() {
        return List.of(new SignalPhase(0, SignalColour.GREEN), new SignalPhase(6, SignalColour.YELLOW),
                new SignalPhase(8, SignalColour.RED));
    }

    /** Eastbound in the eastbound lane across the whole width (840 px) in the given time. */
    private static VehiclePass eastbound(String label, double start, double end) {
        return new VehiclePass(label, StagedVehicle.PICKUP, new Point(-100, EAST_WHEELS_Y),
                new Point(740, EAST_WHEELS_Y), start, end, false);
    }

    /** The painted stop line, top to bottom across the eastbound lane (so eastbound is "in" on a count line). */
    public LineSegment stopLine() {
        return new LineSegment(new Point(STOP_LINE_X, LANE_SPLIT), new Point(STOP_LINE_X, ROAD_BOTTOM));
    }

    /** The signal head's housing. */
    public BoundingBox signalHead() {
        return new BoundingBox(HEAD_X, HEAD_Y, HEAD_W, HEAD_H);
    }

    public SceneLane eastboundLane() {
        return new SceneLane("eastbound", rectangle(LANE_SPLIT, ROAD_BOTTOM),
                new Point(0, EAST_WHEELS_Y), new Point(WIDTH, EAST_WHEELS_Y));
    }

    public SceneLane westboundLane() {
        return new SceneLane("westbound", rectangle(ROAD_TOP, LANE_SPLIT),
                new Point(WIDTH, WEST_WHEELS_Y), new Point(0, WEST_WHEELS_Y));
    }

    public List<SceneLane> lanes() {
        return List.of(eastboundLane(), westboundLane());
    }

    private static Polygon rectangle(int top, int bottom) {
        return new Polygon(List.of(new Point(0, top), new Point(WIDTH, top), new Point(WIDTH, bottom),
                new Point(0, bottom)));
    }

    /** What the head shows at stream time {@code t}. */
    public SignalColour phaseAt(double t) {
        SignalColour colour = phases.get(0).colour();
        for (SignalPhase p : phases) {
            if (p.startSeconds() <= t) {
                colour = p.colour();
            }
        }
        return colour;
    }

    /** Seconds from {@code t} to the nearest phase change (after the first phase's start). */
    public double secondsToPhaseChange(double t) {
        double nearest = Double.POSITIVE_INFINITY;
        for (SignalPhase p : phases.subList(1, phases.size())) {
            nearest = Math.min(nearest, Math.abs(t - p.startSeconds()));
        }
        return nearest;
    }

    /** Writes the scene to {@code dir/<name>.mp4} (replacing it) and returns that file. */
    public Path compose(Path dir) throws IOException, InterruptedException {
        for (VehiclePass p : passes) {
            if (!Files.isRegularFile(p.vehicle().picture)) {
                throw new IOException(p.vehicle().picture + " is missing: apt-get install darknet");
            }
        }
        Path mp4 = dir.resolve(name + ".mp4");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "color=c=0x4d7a3c:s=" + WIDTH + "x" + HEIGHT + ":r=" + FPS));
        for (VehiclePass p : passes) {
            command.addAll(List.of("-loop", "1", "-framerate", Integer.toString(FPS), "-i",
                    p.vehicle().picture.toString()));
        }
        command.addAll(List.of("-filter_complex", filter(), "-map", "[out]", "-t", num(seconds),
                "-r", Integer.toString(FPS), "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-bf", "0",
                "-g", Integer.toString(FPS), "-pix_fmt", "yuv420p", "-an", mp4.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] log = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("ffmpeg failed composing " + name + ":\n" + new String(log));
        }
        return mp4;
    }

    /** The filter graph: road, markings, vehicles in pass order, then the signal head on top. */
    String filter() {
        StringBuilder f = new StringBuilder("[0:v]");
        f.append(box(0, ROAD_TOP, WIDTH, ROAD_BOTTOM - ROAD_TOP, "0x5c5c5c")).append(',');
        f.append(box(0, ROAD_TOP, WIDTH, 3, "white")).append(',').append(box(0, ROAD_BOTTOM - 3, WIDTH, 3, "white"));
        for (int x = 10; x < WIDTH; x += 60) { // dashed centre line
            f.append(',').append(box(x, LANE_SPLIT - 2, 30, 4, "white"));
        }
        f.append(',').append(box(STOP_LINE_X - 3, LANE_SPLIT + 2, 6, ROAD_BOTTOM - LANE_SPLIT - 5, "white"));
        f.append(',').append(box(HEAD_X + HEAD_W / 2 - 3, HEAD_Y + HEAD_H, 6, ROAD_TOP - HEAD_Y - HEAD_H,
                "0x404040"));
        f.append("[v0];");
        for (int i = 0; i < passes.size(); i++) {
            VehiclePass p = passes.get(i);
            StagedVehicle v = p.vehicle();
            f.append('[').append(i + 1).append(":v]crop=").append(v.cropWidth).append(':').append(v.cropHeight)
                    .append(':').append(v.cropX).append(':').append(v.cropY).append(",scale=").append(v.drawnWidth)
                    .append(':').append(v.drawnHeight());
            if (p.drivesEast() != v.facesEast) {
                f.append(",hflip");
            }
            f.append("[car").append(i).append("];");
            f.append("[v").append(i).append("][car").append(i).append("]overlay=eval=frame:x='")
                    .append(coordinate(p, p.from().x(), p.to().x(), v.drawnWidth / 2.0)).append("':y='")
                    .append(coordinate(p, p.from().y(), p.to().y(), v.wheels * v.drawnHeight())).append("'[v")
                    .append(i + 1).append("];");
        }
        f.append(signalHeadSource()).append("[head];");
        f.append("[v").append(passes.size()).append("][head]overlay=x=").append(HEAD_X).append(":y=").append(HEAD_Y)
                .append(":shortest=1,format=yuv420p[out]");
        return f.toString();
    }

    private static String box(int x, int y, int w, int h, String colour) {
        return "drawbox=x=" + x + ":y=" + y + ":w=" + w + ":h=" + h + ":color=" + colour + ":t=fill";
    }

    /**
     * The picture's left (or top) edge over time: linear from {@code from} to {@code to} during the pass, less the
     * picture's offset to its wheels; far off screen outside it (or parked at {@code to} when it stays).
     */
    private static String coordinate(VehiclePass p, double from, double to, double offset) {
        double start = p.startSeconds();
        double end = p.endSeconds();
        String moving = num(from - offset) + "+(t-" + num(start) + ")/" + num(end - start)
                + "*(" + num(to - from) + ")";
        String after = p.staysAtEnd() ? num(to - offset) : "-2000";
        return "if(lt(t\\," + num(start) + ")\\,-2000\\,if(lt(t\\," + num(end) + ")\\," + moving + "\\," + after
                + "))";
    }

    /**
     * The head, drawn per pixel with geq on a small canvas: dark housing, dim unlit lamps, and the lit lamp (chosen
     * from the phase at time T) as a bright saturated disc with a glow fading over 4 px.
     */
    private String signalHeadSource() {
        // ld(1): centre y of the lit lamp (off the canvas when dark); ld(3): how lit this pixel is (0-1).
        StringBuilder litY = new StringBuilder();
        for (int i = 1; i < phases.size(); i++) {
            litY.append("if(lt(T\\,").append(num(phases.get(i).startSeconds())).append(")\\,")
                    .append(lampY(phases.get(i - 1).colour())).append("\\,");
        }
        litY.append(lampY(phases.get(phases.size() - 1).colour())).append(")".repeat(phases.size() - 1));
        String lit = "st(1\\," + litY + ");st(2\\,hypot(X-12\\,Y-ld(1)));"
                + "st(3\\,if(lt(ld(2)\\,8)\\,1\\,if(lt(ld(2)\\,12)\\,(12-ld(2))/4*0.8\\,0)));";
        return "color=c=black:s=" + HEAD_W + "x" + HEAD_H + ":r=" + FPS + ",format=gbrp,geq="
                + "r='" + headChannel(lit, 55, 55, 8, 255, 255, 20) + "':"
                + "g='" + headChannel(lit, 12, 45, 50, 25, 190, 230) + "':"
                + "b='" + headChannel(lit, 12, 8, 20, 20, 0, 90) + "'";
    }

    private static int lampY(SignalColour colour) {
        return switch (colour) {
            case RED -> 12;
            case YELLOW -> 33;
            case GREEN -> 54;
            case UNKNOWN -> -1000;
        };
    }

    /** One colour channel: the unlit lamps' or housing's value, blended towards the lit lamp's by its glow. */
    private static String headChannel(String lit, int dimRed, int dimYellow, int dimGreen, int litRed,
                                      int litYellow, int litGreen) {
        String unlit = "if(lt(hypot(X-12\\,Y-12)\\,8)\\," + dimRed + "\\,if(lt(hypot(X-12\\,Y-33)\\,8)\\,"
                + dimYellow + "\\,if(lt(hypot(X-12\\,Y-54)\\,8)\\," + dimGreen + "\\,26)))";
        String colour = "if(eq(ld(1)\\,12)\\," + litRed + "\\,if(eq(ld(1)\\,33)\\," + litYellow + "\\," + litGreen
                + "))";
        return lit + unlit + "*(1-ld(3))+" + colour + "*ld(3)";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
