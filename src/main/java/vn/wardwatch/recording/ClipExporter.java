package vn.wardwatch.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One MP4 for any time range of a camera's recording. By default the segments are joined without re-encoding
 * (concat demuxer, {@code -c copy}), starting at the keyframe at or before the requested start, so the actual start
 * may be earlier (at most one keyframe interval); the end is cut at the requested frame. {@code exact} re-encodes
 * (libx264) to start and end exactly. Either way the actual range is returned beside the file. Blocking: call it
 * off the event loop.
 */
public final class ClipExporter {

    /** The finished file (the caller deletes it) and the range it actually covers. */
    public record Clip(Path file, Instant actualStart, Instant actualEnd) {
    }

    /** Nothing recorded in the range. */
    public static final class NoRecordingException extends Exception {
        public NoRecordingException(String message) {
            super(message);
        }
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final RecordingRepository repository;
    private final Path root;
    private final Path tempDir;
    private final String ffmpeg;
    private final String ffprobe;

    public ClipExporter(RecordingRepository repository, Path root, Path tempDir, String ffmpeg, String ffprobe) {
        this.repository = repository;
        this.root = root;
        this.tempDir = tempDir;
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
    }

    public Clip export(String cameraId, Instant from, Instant to, boolean exact)
            throws IOException, NoRecordingException {
        List<RecordedSegment> segments = repository.segments(cameraId, from, to);
        if (segments.isEmpty()) {
            throw new NoRecordingException("camera " + cameraId + " has no recording between " + from + " and " + to);
        }
        RecordedSegment first = segments.get(0);
        RecordedSegment last = segments.get(segments.size() - 1);
        Files.createDirectories(tempDir);
        Path work = Files.createTempDirectory(tempDir, "clip-");
        Path list = work.resolve("list.txt");
        Path out = work.resolve("clip.mp4");
        Instant actualStart;
        Instant actualEnd = to.isBefore(last.end()) ? to : last.end();
        StringBuilder concat = new StringBuilder("ffconcat version 1.0\n");
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y"));
        if (exact) {
            actualStart = from.isAfter(first.start()) ? from : first.start();
            for (RecordedSegment s : segments) {
                concat.append("file ").append(quote(root.resolve(s.file()))).append('\n');
            }
            cmd.addAll(List.of("-f", "concat", "-safe", "0", "-i", list.toString(),
                    // Output-side seek: decodes from the segment's start and drops frames until the exact time.
                    "-ss", seconds(Duration.between(first.start(), actualStart)),
                    "-t", seconds(Duration.between(actualStart, actualEnd)),
                    "-map", "0:v:0", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                    "-pix_fmt", "yuv420p"));
        } else {
            // inpoint/outpoint are in the file's own timestamps (an MPEG-TS file does not start at 0).
            Packets firstPackets = packets(root.resolve(first.file()));
            double offset = Duration.between(first.start(), from).toMillis() / 1000.0;
            double keyframe = firstPackets.keyframeAtOrBefore(firstPackets.firstPts + Math.max(0, offset));
            actualStart = first.start().plus(SegmentRecorder.seconds(keyframe - firstPackets.firstPts));
            for (int i = 0; i < segments.size(); i++) {
                RecordedSegment s = segments.get(i);
                concat.append("file ").append(quote(root.resolve(s.file()))).append('\n');
                if (i == 0) {
                    concat.append("inpoint ").append(fixed(keyframe)).append('\n');
                }
                if (i == segments.size() - 1 && to.isBefore(s.end())) {
                    double firstPts = i == 0 ? firstPackets.firstPts : packets(root.resolve(s.file())).firstPts;
                    double cut = firstPts + Duration.between(s.start(), to).toMillis() / 1000.0;
                    concat.append("outpoint ").append(fixed(cut)).append('\n');
                }
            }
            cmd.addAll(List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-map", "0:v:0", "-c", "copy"));
        }
        // The index at the front: a browser starts playing (and seeking) before the whole file has arrived.
        cmd.addAll(List.of("-movflags", "+faststart", out.toString()));
        Files.writeString(list, concat.toString(), StandardCharsets.UTF_8);
        run(cmd);
        Files.delete(list);
        return new Clip(out, actualStart, actualEnd);
    }

    /** Deletes a clip and its temporary folder. */
    public static void discard(Clip clip) {
        try {
            Files.deleteIfExists(clip.file());
            Files.deleteIfExists(clip.file().getParent());
        } catch (IOException e) {
            // A temp file left behind is cleaned with the data directory; nothing else depends on it.
        }
    }

    /** The first packet's time and the keyframes' times of a segment file, in its own timestamps. */
    private record Packets(double firstPts, List<Double> keyframes) {
        double keyframeAtOrBefore(double t) {
            double best = keyframes.isEmpty() ? firstPts : keyframes.get(0);
            for (double k : keyframes) {
                if (k <= t + 1e-6) {
                    best = k;
                }
            }
            return best;
        }
    }

    private Packets packets(Path file) throws IOException {
        String out = run(List.of(ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                "packet=pts_time,flags", "-of", "csv=p=0", file.toString()));
        double first = Double.NaN;
        List<Double> keys = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(",");
            if (f.length < 2 || f[0].isEmpty() || f[0].equals("N/A")) {
                continue;
            }
            double pts = Double.parseDouble(f[0]);
            if (Double.isNaN(first) || pts < first) {
                first = pts;
            }
            if (f[1].startsWith("K")) {
                keys.add(pts);
            }
        }
        if (Double.isNaN(first)) {
            throw new IOException("segment " + file + " has no video packets");
        }
        return new Packets(first, keys);
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed (exit " + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    private static String quote(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }

    private static String seconds(Duration d) {
        return fixed(d.toNanos() / 1e9);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
