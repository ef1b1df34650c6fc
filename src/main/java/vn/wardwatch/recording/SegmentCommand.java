package vn.wardwatch.recording;

import java.nio.file.Path;
import java.util.List;
import vn.wardwatch.config.RecordingConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.ingest.FfmpegCommand;

/**
 * The ffmpeg command that copies one camera's stream, unchanged ({@code -c copy}), into fixed-length segment files
 * and prints each finished one on stdout as {@code file,start,end} (stream seconds). A second ffmpeg beside the
 * analysis one: a recorder that dies never takes analysis with it, and the reverse.
 */
public final class SegmentCommand {

    private SegmentCommand() {
    }

    /** {@code pattern} is the file name with a {@code %06d} counter, e.g. {@code incoming/run-1700000000000-%06d.ts}. */
    public static List<String> build(String ffmpegBinary, SourceConfig source, RecordingConfig recording,
                                     Path pattern) {
        List<String> cmd = FfmpegCommand.input(ffmpegBinary, source);
        // Video only: the evidence is the picture, and camera audio is often a different clock.
        cmd.addAll(List.of("-map", "0:v:0", "-c", "copy", "-f", "segment",
                "-segment_time", Integer.toString(recording.segmentSeconds()),
                "-segment_format", recording.format().muxer(),
                // Each file starts at 0, so files play and concatenate on their own.
                "-reset_timestamps", "1",
                "-segment_list", "pipe:1", "-segment_list_type", "csv"));
        // flush_packets: each packet reaches the file as it arrives. Without it the segment muxer keeps a whole
        // segment in memory (measured: 0 bytes on disk after 3 s), and a hard kill (SIGKILL, OOM, power) loses it.
        if (recording.format() == RecordingConfig.Format.MP4) {
            // Fragmented MP4: what was written before a kill is still playable (a plain MP4 needs its trailer).
            cmd.addAll(List.of("-segment_format_options",
                    "movflags=+frag_keyframe+empty_moov+default_base_moof:flush_packets=1"));
        } else {
            cmd.addAll(List.of("-segment_format_options", "flush_packets=1"));
        }
        cmd.add(pattern.toString());
        return List.copyOf(cmd);
    }
}
