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
    /** What the concat demuxer may open for a URL read from stdin: the network protocols of camera sources. */
    static final String PROTOCOLS = "pipe,file,rtsp,rtsps,rtp,srtp,udp,tcp,tls,http,https,crypto";

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
        if (hidesUrl(source)) {
            // The URL carries a password: it goes to ffmpeg on stdin (see stdinScript), never into argv, where
            // every local user could read it in ps or /proc/PID/cmdline. The RTSP options travel with it.
            cmd.addAll(List.of("-f", "concat", "-safe", "0", "-protocol_whitelist", PROTOCOLS, "-i", "pipe:0"));
            return cmd;
        }
        if (source.isRtsp()) {
            // TCP: no lost packets (smeared frames) through NAT or busy links, as Frigate does.
            cmd.addAll(List.of("-rtsp_transport", "tcp"));
            // Socket I/O timeout in microseconds (ffmpeg 5.1), so a dead camera makes ffmpeg exit by itself.
            cmd.addAll(List.of("-timeout", Long.toString(timeoutMicros(source))));
        }
        if (modeOf(source) == Mode.LOOP) {
            // Input options: loop forever and read at native rate, like a camera would deliver.
            cmd.addAll(List.of("-stream_loop", "-1", "-re"));
        }
        cmd.addAll(List.of("-i", source.url()));
        return cmd;
    }

    /** True when the URL carries user:password, so {@link #input} reads it from stdin instead of argv. */
    public static boolean hidesUrl(SourceConfig source) {
        if (source.isFile()) {
            return false;
        }
        String url = source.url();
        int authorityStart = url.indexOf("://") + 3;
        int authorityEnd = url.indexOf('/', authorityStart);
        String authority = url.substring(authorityStart, authorityEnd < 0 ? url.length() : authorityEnd);
        return authority.contains("@");
    }

    /**
     * What ffmpeg must read on stdin for a command from {@link #input}, or null when it reads nothing: an ffconcat
     * script naming the one URL, with the demuxer options that would otherwise be on the command line ({@code option}
     * needs ffmpeg 5.0 or later; Debian 12 has 5.1). Measured against the RTSP test server: frames, pacing, the
     * socket timeout on a frozen camera and the exit at end of stream behave as with {@code -i URL}.
     */
    public static String stdinScript(SourceConfig source) {
        if (!hidesUrl(source)) {
            return null;
        }
        String url = source.url();
        if (url.indexOf('\n') >= 0 || url.indexOf('\r') >= 0) {
            // A line break would start a new directive in the script.
            throw new IllegalArgumentException("camera URL " + source.redactedUrl() + " contains a line break");
        }
        StringBuilder script = new StringBuilder("ffconcat version 1.0\n");
        // Inside single quotes everything is literal; a quote itself is closed, escaped and reopened.
        script.append("file '").append(url.replace("'", "'\\''")).append("'\n");
        if (source.isRtsp()) {
            script.append("option rtsp_transport tcp\n");
            script.append("option timeout ").append(timeoutMicros(source)).append('\n');
        }
        return script.toString();
    }

    private static long timeoutMicros(SourceConfig source) {
        return Math.max(1_000_000L, Math.round(source.stallTimeoutSeconds() * 1_000_000));
    }

    /** 5.0 -> "5", 2.5 -> "2.5": ffmpeg accepts both, but logs stay readable. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
