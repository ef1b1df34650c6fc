package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.testsupport.Await;

/**
 * An ffmpeg that writes files (the recorder's segment muxer) is not stopped by a broken pipe to us: it would record on,
 * unindexed, after the JVM is killed. {@link FfmpegProcess#diesWithStarter} makes the kernel stop it when the thread
 * that started it is gone, which is what a SIGKILL of the JVM does to every thread.
 */
class FfmpegProcessTest {

    private static final SourceConfig NO_PASSWORD = new SourceConfig("lavfi", "lavfi", false, 10);

    @TempDir
    Path dir;

    /** Two minutes of segments at the input's own pace, the list on stdout as the recorder asks for it. */
    private List<String> segmenter() {
        return List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-f", "lavfi", "-i",
                "testsrc=size=160x120:rate=5", "-t", "120", "-c:v", "mpeg2video", "-f", "segment", "-segment_time",
                "1", "-segment_list", "pipe:1", "-segment_list_type", "csv", dir.resolve("s%03d.ts").toString());
    }

    /**
     * Starts the command on a thread that ends once ffmpeg has written its first segment, as a killed JVM's recorder
     * thread would (long after the start: the parent-death signal is set by setpriv just before it runs ffmpeg).
     */
    private Process startOnAThreadThatEnds(List<String> command) throws Exception {
        AtomicReference<Process> started = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                started.set(FfmpegProcess.start(command, NO_PASSWORD));
                Await.until(Duration.ofSeconds(60), "ffmpeg's first segment", () -> segments() >= 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ffmpeg-starter");
        starter.start();
        starter.join();
        return started.get();
    }

    @Test
    void aFileWritingFfmpegStopsWhenTheThreadThatStartedItIsGone() throws Exception {
        List<String> command = FfmpegProcess.diesWithStarter(segmenter());
        assertEquals("/usr/bin/setpriv", command.get(0), "this test runs on Linux with util-linux");
        Process p = startOnAThreadThatEnds(command);
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ffmpeg outlived the thread that started it");
            // ffmpeg catches SIGTERM, closes its files and exits with 255 ("received signal 15").
            assertEquals(255, p.exitValue(), "stopped by SIGTERM");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withoutItTheSameFfmpegRecordsOnWithNobodyReadingItsList() throws Exception {
        Process p = startOnAThreadThatEnds(segmenter());
        try {
            p.getInputStream().close(); // the segment list's reader is gone, as when the JVM dies
            // Still running a few segments later: the broken list pipe does not stop it.
            Await.until(Duration.ofSeconds(60), "three segments written", () -> segments() >= 3);
            assertTrue(p.isAlive(), "the control case: ffmpeg should record on without the wrapper");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private long segments() {
        try (var files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
