package vn.wardwatch.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks ffprobe what a segment file holds: its duration, the frame rate the stream declares and how many frames it
 * has. Counts packets only (no decoding), which is cheap.
 */
public final class SegmentProbe {

    /** What ffprobe said; any field may be null when it could not tell. */
    public record Result(Double durationSeconds, Double declaredFps, Long frames) {

        /** Frames per second over {@code seconds}, or null. */
        public Double deliveredFps(double seconds) {
            return frames == null || seconds <= 0 ? null : frames / seconds;
        }
    }

    private final String ffprobe;

    public SegmentProbe(String ffprobe) {
        this.ffprobe = ffprobe;
    }

    public Result probe(Path file) throws IOException {
        List<String> cmd = List.of(ffprobe, "-v", "error", "-select_streams", "v:0", "-count_packets",
                "-show_entries", "stream=r_frame_rate,nb_read_packets:format=duration", "-of", "default=nw=1",
                file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ffprobe did not finish on " + file);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing " + file, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file + ": " + out.strip());
        }
        Double duration = null;
        Double fps = null;
        Long frames = null;
        for (String line : out.split("\n")) {
            String[] kv = line.strip().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            try {
                switch (kv[0]) {
                    case "duration" -> duration = Double.parseDouble(kv[1]);
                    case "nb_read_packets" -> frames = Long.parseLong(kv[1]);
                    case "r_frame_rate" -> fps = rate(kv[1]);
                    default -> { }
                }
            } catch (NumberFormatException e) {
                // "N/A": leave it unknown.
            }
        }
        return new Result(duration, fps, frames);
    }

    private static Double rate(String text) {
        String[] parts = text.split("/");
        double num = Double.parseDouble(parts[0]);
        double den = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
        return den == 0 || num == 0 ? null : num / den;
    }
}
