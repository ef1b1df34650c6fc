package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.CountQuery;
import vn.wardwatch.storage.CountRow;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcRecordingRepository;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;

/**
 * Two api nodes (their own connection pools and receivers) on one PostgreSQL database get the same worker message
 * at once (a slow request and the outbox's resend went to different nodes). A unique-key clash may answer an error;
 * the worker then resends, and the resend must be acknowledged with nothing lost or stored twice.
 */
class TwoApiNodesRaceTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;
    private Database nodeA;
    private Database nodeB;

    @BeforeEach
    void open() {
        nodeA = TestDatabases.open(Kind.POSTGRESQL, dir);
        nodeB = TestDatabases.open(Kind.POSTGRESQL, dir);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void recordingGapsSentToBothNodesAtOnceAreStoredOnce() throws Exception {
        Vertx a = Vertx.vertx();
        Vertx b = Vertx.vertx();
        try {
            RecordingSender.receive(a, new JdbcRecordingRepository(nodeA)).completion().await(10, TimeUnit.SECONDS);
            RecordingSender.receive(b, new JdbcRecordingRepository(nodeB)).completion().await(10, TimeUnit.SECONDS);
            int failed = 0;
            for (int i = 0; i < 30; i++) {
                JsonObject gap = new JsonObject().put("type", "gap").put("camera", "gate1")
                        .put("start", T0.plusSeconds(10L * i).toString())
                        .put("end", T0.plusSeconds(10L * i + 5).toString()).put("reason", "ffmpeg exited");
                var toA = a.eventBus().<Boolean>request(RecordingSender.ADDRESS, gap);
                var toB = b.eventBus().<Boolean>request(RecordingSender.ADDRESS, gap);
                boolean okA = answered(toA);
                boolean okB = answered(toB);
                if (!okA || !okB) {
                    failed++;
                    // The worker's outbox resends what was not acknowledged: it must be acknowledged now.
                    a.eventBus().<Boolean>request(RecordingSender.ADDRESS, gap).await(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(30, count("SELECT COUNT(*) FROM recording_gap WHERE camera_id = 'gate1'"),
                    "one row per gap (" + failed + " answered an error first)");
            assertEquals(30, count("SELECT COUNT(DISTINCT start_utc) FROM recording_gap"));
        } finally {
            a.close().await(10, TimeUnit.SECONDS);
            b.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void countTotalsOfTwoSourcesDeliveredToBothNodesAtOnceAddUpOnce() throws Exception {
        CountUpserts[] nodes = {new CountUpserts(nodeA), new CountUpserts(nodeB)};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (String source : List.of("w1", "w2")) {
            for (CountUpserts node : nodes) {
                done.add(pool.submit(() -> {
                    for (long total = 1; total <= 40; total++) {
                        CountBucket bucket = new CountBucket("gate1", "main", ObjectClass.CAR, "in", T0, total);
                        while (true) {
                            try {
                                node.upsertTotals(source, List.of(bucket), ZoneOffset.UTC);
                                break;
                            } catch (RuntimeException e) {
                                // a clash answered an error: the worker resends it
                            }
                        }
                    }
                }));
            }
        }
        try {
            for (var f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        List<CountRow> rows = new JdbcCountRepository(nodeA).query(new CountQuery("gate1", null, null, null, T0,
                T0.plusSeconds(60), Duration.ofMinutes(1)));
        assertEquals(1, rows.size());
        assertEquals(80, rows.get(0).count(), "each source's last total once");
    }

    private static boolean answered(io.vertx.core.Future<Message<Boolean>> request) {
        try {
            request.await(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = nodeA.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
