package vn.wardwatch.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the video frames of an MPEG-TS segment without starting a process: ffmpeg's muxer puts each video frame
 * in its own PES packet, so frames are the packets on the video PID that start a payload. ffprobe per segment cost
 * more CPU (its start-up) than the whole copy recording; this reads the file once, as the hash does.
 */
final class TsFrameCounter {

    private static final int PACKET = 188;

    private TsFrameCounter() {
    }

    /** Video frames in the file, or -1 when it is not MPEG-TS with an H.264/HEVC stream. */
    static long count(Path file) throws IOException {
        int pmtPid = -1;
        int videoPid = -1;
        long frames = 0;
        byte[] p = new byte[PACKET];
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            while (in.readNBytes(p, 0, PACKET) == PACKET) {
                if (p[0] != 0x47) {
                    return -1;
                }
                boolean start = (p[1] & 0x40) != 0;
                int pid = ((p[1] & 0x1f) << 8) | (p[2] & 0xff);
                if (!start) {
                    continue;
                }
                if (pid == videoPid) {
                    frames++;
                    continue;
                }
                int offset = payloadOffset(p);
                if (offset < 0) {
                    continue;
                }
                if (pid == 0 && pmtPid < 0) {
                    // PAT: pointer field, then the table; first program's PMT PID at section byte 10..11.
                    int s = offset + 1 + (p[offset] & 0xff);
                    if (s + 12 <= PACKET) {
                        pmtPid = ((p[s + 10] & 0x1f) << 8) | (p[s + 11] & 0xff);
                    }
                } else if (pid == pmtPid && videoPid < 0) {
                    videoPid = videoPidOf(p, offset + 1 + (p[offset] & 0xff));
                }
            }
        }
        return videoPid < 0 ? -1 : frames;
    }

    /** Where the payload starts after the header and any adaptation field; -1 when there is none. */
    private static int payloadOffset(byte[] p) {
        int control = (p[3] >> 4) & 0x3;
        if (control == 1) {
            return 4;
        }
        if (control == 3) {
            int offset = 5 + (p[4] & 0xff);
            return offset < PACKET ? offset : -1;
        }
        return -1;
    }

    /** The PMT section at {@code s}: the first H.264 (0x1b) or HEVC (0x24) elementary stream's PID. */
    private static int videoPidOf(byte[] p, int s) {
        if (s + 12 > PACKET) {
            return -1;
        }
        int sectionLength = ((p[s + 1] & 0x0f) << 8) | (p[s + 2] & 0xff);
        int programInfoLength = ((p[s + 10] & 0x0f) << 8) | (p[s + 11] & 0xff);
        int i = s + 12 + programInfoLength;
        int end = Math.min(PACKET, s + 3 + sectionLength - 4);
        while (i + 5 <= end) {
            int type = p[i] & 0xff;
            int pid = ((p[i + 1] & 0x1f) << 8) | (p[i + 2] & 0xff);
            if (type == 0x1b || type == 0x24) {
                return pid;
            }
            i += 5 + (((p[i + 3] & 0x0f) << 8) | (p[i + 4] & 0xff));
        }
        return -1;
    }
}
