package vn.wardwatch.ingest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.SourceConfig;

/**
 * Builds the ffmpeg command line that decodes one camera into raw BGR frames on stdout, already scaled and
 * rate-limited to the analysis size (ffmpeg does it cheaper than Java would).
 */
public final class FfmpegCommand {

    public static final String DEFAULT_BINARY = "ffmpeg";

    private FfmpegCommand() {
    }

    /** How a source is paced. */
    public enum Mode {
        /** A network camera: frames come as the camera sends them. */
        LIVE,
        /** A file looped forever at its own frame rate, as if it were a live camera. */
        LOOP,
        /** A file read once, as fast as the CPU allows (batch analysis of a recording). */
        REPLAY
    }

    /** The mode the configuration implies: a looping file, a file read once, or a live stream. */
    public static Mode modeOf(SourceConfig source) {
        if (source.isFile()) {
            return source.loop() ? Mode.LOOP : Mode.REPLAY;
        }
        return Mode.LIVE;
    }

    public static List<String> build(SourceConfig source, DetectConfig detect) {
        return build(DEFAULT_BINARY, source, detect);
    }

    public static List<String> build(String ffmpegBinary, SourceConfig source, DetectConfig detect) {
        List<String> cmd = input(ffmpegBinary, source);
        cmd.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
        // fps before scale: frames that are dropped anyway are not scaled.
        cmd.addAll(List.of("-vf", "fps=" + plain(detect.fps()) + ",scale=" + detect.width() + ":" + detect.height()));
        cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"));
        return List.copyOf(cmd);
    }

    /**
     * The start of every ffmpeg command that reads a camera, up to and including {@code -i URL}: quiet logs, RTSP
     * over TCP with a socket timeout, a file looped at native rate. Shared by ingest and recording.
     */
    public static List<String> input(String ffmpegBinary, SourceConfig source) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ffmpegBinary);
        cmd.addAll(List.of("-hide_banner", "-loglevel", "error", "-nostdin"));
        if (source.isRtsp()) {
            // TCP: no lost packets (smeared frames) through NAT or busy links, as Frigate does.
            cmd.addAll(List.of("-rtsp_transport", "tcp"));
            // Socket I/O timeout in microseconds (ffmpeg 5.1), so a dead camera makes ffmpeg exit by itself.
            long micros = Math.max(1_000_000L, Math.round(source.stallTimeoutSeconds() * 1_000_000));
            cmd.addAll(List.of("-timeout", Long.toString(micros)));
        }
        if (modeOf(source) == Mode.LOOP) {
            // Input options: loop forever and read at native rate, like a camera would deliver.
            cmd.addAll(List.of("-stream_loop", "-1", "-re"));
        }
        cmd.addAll(List.of("-i", source.url()));
        return cmd;
    }

    /** 5.0 -> "5", 2.5 -> "2.5": ffmpeg accepts both, but logs stay readable. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
