package vn.wardwatch.push;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.wardwatch.push.PushEventsFixture.warning;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.PushConfig;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.pipeline.EventBusPublisher;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcPushOutbox;
import vn.wardwatch.testsupport.Await;

/** Signed webhooks to a real HTTP receiver through the persisted outbox, with outages and a restart. */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class WebhookDeliveryTest {

    @Parameter
    Kind kind;

    private static final String SECRET = "test-only-secret";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private Vertx vertx;
    private WebhookReceiver receiver;
    private Database database;
    private Push push;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        if (push != null) {
            push.close();
        }
        if (database != null) {
            database.close();
        }
        receiver.close();
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private PushConfig config() {
        // Short backoff so that the test takes seconds: 50 ms doubling to 400 ms.
        return new PushConfig(List.of(new PushConfig.Webhook("ioc", receiver.url(), SECRET,
                Set.of("warning", "level"), Duration.ofSeconds(2))), null, Duration.ofMillis(50),
                Duration.ofMillis(400), 7);
    }

    private SimpleMeterRegistry startPush() {
        database = TestDatabases.open(kind, dir);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        push = Push.start(vertx, config(), database, metrics, Clock.systemUTC());
        return metrics;
    }

    private void publish(String zone, int seq) {
        vertx.eventBus().publish(EventBusPublisher.WARNINGS, warning("gate1", zone, seq));
    }

    private long rows(String status) {
        return new JdbcPushOutbox(database).count("ioc", status);
    }

    private static double retries(SimpleMeterRegistry metrics) {
        return metrics.find(Meters.PUSH_FAILED).tag("result", "retry").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void everyWarningArrivesOncePerKeyInOrderPerZoneThroughAnOutageAndARestart() throws Exception {
        SimpleMeterRegistry metrics = startPush();
        String[] zones = {"north", "south"};
        int seq = 0;
        // 1. Receiver up.
        for (int i = 0; i < 10; i++, seq++) {
            publish(zones[seq % 2], seq);
        }
        Await.until(WAIT, "10 warnings received", () -> receiver.uniqueCount() == 10, receiver::order);

        // 2. Receiver answers 503: rows stay pending and are retried with backoff.
        receiver.answer = 503;
        for (int i = 0; i < 10; i++, seq++) {
            publish(zones[seq % 2], seq);
        }
        Await.until(WAIT, "10 rows pending and retried", () -> rows("pending") == 10 && retries(metrics) >= 4,
                () -> rows("pending") + " pending, " + retries(metrics) + " retries");

        // 3. "Server restart" while the receiver is not even listening: a new dispatcher over the same file.
        push.close();
        database.close();
        receiver.stop();
        SimpleMeterRegistry after = startPush();
        for (int i = 0; i < 10; i++, seq++) {
            publish(zones[seq % 2], seq);
        }
        Await.until(WAIT, "20 rows pending, connection refused", () -> rows("pending") == 20 && retries(after) >= 2,
                () -> rows("pending") + " pending");

        // 4. Receiver back on the same port.
        receiver.answer = 200;
        receiver.listen(receiver.port());
        Await.until(WAIT, "all 30 warnings received", () -> receiver.uniqueCount() == 30, receiver::order);

        assertEquals(0, receiver.badSignatures.get(), "every signature verifies");
        Map<String, List<Integer>> order = receiver.order();
        assertEquals(expected(0, 30, 0), order.get("gate1/north"), "north in publishing order");
        assertEquals(expected(0, 30, 1), order.get("gate1/south"), "south in publishing order");
        Await.until(WAIT, "all rows marked delivered", () -> rows("delivered") == 30, () -> rows("pending"));
        assertEquals(0, rows("pending"));
        assertEquals(30, receiver.unique().values().stream().map(b -> b.getString("id")).distinct().count(),
                "the body id is the idempotency key, one per message");
    }

    @Test
    void aFailingZoneHoldsBackOnlyItselfAndARefusedMessageIsDeadLettered() throws Exception {
        SimpleMeterRegistry metrics = startPush();
        receiver.failZone = "north";
        receiver.refuseSeq = 3;
        for (int seq = 0; seq < 6; seq++) {
            publish(seq < 3 ? "north" : "south", seq);
        }
        // south: 3 is refused for good (422), 4 and 5 still arrive; north waits behind its failing head.
        Await.until(WAIT, "south delivered past its refused message",
                () -> List.of(4, 5).equals(receiver.order().get("gate1/south")), receiver::order);
        assertEquals(null, receiver.order().get("gate1/north"));
        assertEquals(1, rows("dead"), "the refused message is kept as dead");
        receiver.failZone = null;
        Await.until(WAIT, "north delivered once its receiver accepts",
                () -> List.of(0, 1, 2).equals(receiver.order().get("gate1/north")), receiver::order);
        assertEquals(0, receiver.badSignatures.get());

        // The meters tell the same story.
        Await.until(WAIT, "5 delivered counted", () -> metrics.find(Meters.PUSH_DELIVERED).counter() != null
                && metrics.find(Meters.PUSH_DELIVERED).counter().count() == 5);
        assertEquals(1, metrics.find(Meters.PUSH_FAILED).tag("result", "dead").counter().count());
        assertTrue(retries(metrics) >= 1, "north's 503s counted as retries");
        assertEquals(5, metrics.find(Meters.PUSH_LATENCY).tag("channel", "webhook").timer().count(),
                "latency from frameAt recorded per delivery");
        Await.until(WAIT, "pending gauge back to 0",
                () -> metrics.find(Meters.PUSH_OUTBOX_PENDING).gauge().value() == 0);
    }

    private static List<Integer> expected(int from, int to, int parity) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (i % 2 == parity) {
                out.add(i);
            }
        }
        return out;
    }
}
