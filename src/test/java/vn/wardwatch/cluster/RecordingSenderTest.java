package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.TwoNodeCluster;

/**
 * A worker's recording index rows over two real Hazelcast members in one JVM into H2 on the api side: segments, a
 * gap and a partial mark queued while the api node's receiver is down arrive in order once it is up; a resend, a
 * raw repeat and a journal replay store nothing more; the api node answers where a camera's recording ends.
 */
class RecordingSenderTest {

    private static final Instant FAR_PAST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00.250Z");

    @TempDir
    Path dir;

    private static RecordedSegment segment(String camera, int n) {
        Instant start = T0.plusSeconds(2L * n);
        return new RecordedSegment(0, camera, start, start.plusSeconds(2),
                camera + "/2026-11-22/0100" + String.format("%02d", 2 * n) + "-250-" + String.format("%06d", n) + ".ts",
                1000 + n, "ab".repeat(32), false, false, false, 10.0, 9.5);
    }

    private static void acknowledged(RecordingSender sender) throws InterruptedException {
        Await.until(Duration.ofSeconds(20), "all acknowledged", () -> {
            sender.flush(); // the periodic resend, by hand
            return sender.allAcknowledged();
        });
    }

    @Test
    void rowsQueuedWhileTheApiNodeIsDownArriveInOrderOnceAndResendsStoreNothingMore() throws Exception {
        Path journalRoot = JournalReplay.root(dir.resolve("shared"));
        try (TwoNodeCluster cluster = TwoNodeCluster.start(); Database db = Database.open(dir.resolve("ww"))) {
            JdbcRecordingRepository repository = new JdbcRecordingRepository(db);
            RecordingSender sender = new RecordingSender(cluster.worker.vertx().eventBus(),
                    JournalReplay.directory(journalRoot, cluster.worker.nodeId()));
            // Nobody answers yet: only what this worker sent itself.
            assertNull(sender.lastSegmentEnd("cam1"));

            // The api node's receiver is down: a segment, a gap, the next run's segment cut short.
            RecordedSegment first = sender.addSegment(segment("cam1", 0));
            RecordingGap gap = new RecordingGap("cam1", first.end(), first.end().plusSeconds(2), "camera offline");
            sender.addGap(gap);
            RecordedSegment second = sender.addSegment(segment("cam1", 2));
            sender.markPartial(second.id());
            assertEquals(second.end(), sender.lastSegmentEnd("cam1"));
            sender.flush();
            assertFalse(sender.allAcknowledged());
            assertTrue(repository.segments("cam1", FAR_PAST, FAR_FUTURE).isEmpty());

            // Up: stored in order (the partial mark after its segment).
            RecordingSender.receive(cluster.api.vertx(), repository).completion().await(5, TimeUnit.SECONDS);
            RecordingSender.answerLastEnd(cluster.api.vertx(), repository).completion().await(5, TimeUnit.SECONDS);
            acknowledged(sender);
            List<RecordedSegment> rows = repository.segments("cam1", FAR_PAST, FAR_FUTURE);
            assertEquals(List.of(first.file(), second.file()), rows.stream().map(RecordedSegment::file).toList());
            assertFalse(rows.get(0).partial());
            assertTrue(rows.get(1).partial());
            assertEquals(first.start(), rows.get(0).start());
            assertEquals(first.end(), rows.get(0).end());
            assertEquals(first.sha256(), rows.get(0).sha256());
            assertEquals(first.sizeBytes(), rows.get(0).sizeBytes());
            assertEquals(9.5, rows.get(0).deliveredFps(), 1e-9);
            assertEquals(List.of(gap), repository.gaps("cam1", FAR_PAST, FAR_FUTURE));

            // A lost ack: the outbox resends, and raw repeats of each kind: still one row each, still partial.
            sender.addSegment(segment("cam1", 0));
            sender.addGap(gap);
            sender.markPartial(second.id());
            acknowledged(sender);
            var bus = cluster.worker.vertx().eventBus();
            assertEquals(false, bus.request(RecordingSender.ADDRESS, RecordingSender.segmentJson(second))
                    .await(5, TimeUnit.SECONDS).body());
            assertEquals(false, bus.request(RecordingSender.ADDRESS, new JsonObject().put("type", "gap")
                    .put("camera", "cam1").put("start", gap.start().toString()).put("end", gap.end().toString())
                    .put("reason", "camera offline")).await(5, TimeUnit.SECONDS).body());
            assertEquals(2, repository.segments("cam1", FAR_PAST, FAR_FUTURE).size());
            assertTrue(repository.segments("cam1", FAR_PAST, FAR_FUTURE).get(1).partial());
            assertEquals(1, repository.gaps("cam1", FAR_PAST, FAR_FUTURE).size());

            // Another worker taking the camera asks the api node where its recording ends.
            RecordingSender other = new RecordingSender(bus);
            assertEquals(second.end(), other.lastSegmentEnd("cam1"));
            assertNull(other.lastSegmentEnd("cam2"));
            // A camera stopped here: its end is asked again, not taken from this run.
            sender.forget("cam1");
            assertEquals(second.end(), sender.lastSegmentEnd("cam1"));

            // A worker that died with rows unacknowledged (its own event bus reached no api node): its journal,
            // written by the real sender, is replayed through the receiver; what was stored already stays once.
            Path deadJournal = JournalReplay.directory(journalRoot, "dead-worker");
            Vertx isolated = Vertx.vertx();
            try {
                RecordingSender dead = new RecordingSender(isolated.eventBus(), deadJournal);
                dead.addSegment(segment("cam1", 0)); // stored already
                RecordedSegment third = dead.addSegment(segment("cam1", 3));
                dead.markPartial(third.id());
                dead.close(Duration.ofMillis(100)); // unacknowledged: the journal stays
            } finally {
                isolated.close().await(10, TimeUnit.SECONDS);
            }
            assertTrue(Files.exists(deadJournal));
            JournalReplay replay = new JournalReplay(cluster.api.vertx().eventBus(), journalRoot, java.util.Set::of);
            try {
                assertTrue(replay.replay(deadJournal));
            } finally {
                replay.close();
            }
            rows = repository.segments("cam1", FAR_PAST, FAR_FUTURE);
            assertEquals(3, rows.size());
            assertEquals(segment("cam1", 3).file(), rows.get(2).file());
            assertTrue(rows.get(2).partial());
            assertFalse(Files.exists(deadJournal));
            other.close(Duration.ofSeconds(1));
            sender.close(Duration.ofSeconds(5));
        }
    }
}
