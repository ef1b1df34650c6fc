package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.ZoneMinuteRepository;

/**
 * A worker's closed zone minutes: sent to the api node in order, resent until acknowledged ({@link OrderedOutbox});
 * the api node's repository replaces a (camera, zone, minute) it has already, so a repeat changes nothing.
 * Only {@link #add} is supported: a worker has no database to read from.
 */
public final class ZoneMinuteSender implements ZoneMinuteRepository, AutoCloseable {

    public static final String ADDRESS = "wardwatch.cluster.zone-minutes";

    private final OrderedOutbox outbox;

    public ZoneMinuteSender(EventBus bus) {
        this.outbox = new OrderedOutbox(bus, ADDRESS);
    }

    public void start(long periodMillis) {
        outbox.start(periodMillis);
    }

    @Override
    public void add(StoredZoneMinute minute) {
        outbox.add(toJson(minute));
    }

    public void flush() {
        outbox.flush();
    }

    public boolean allAcknowledged() {
        return outbox.allAcknowledged();
    }

    public void close(Duration wait) {
        outbox.close(wait);
    }

    @Override
    public void close() {
        outbox.close();
    }

    @Override
    public List<StoredZoneMinute> list(String cameraId, String zoneId, Instant from, Instant to, int limit) {
        throw new UnsupportedOperationException("a worker has no zone minute database");
    }

    /** The api node's end: stores (replaces) the minute, then acknowledges. */
    public static MessageConsumer<JsonObject> receive(Vertx vertx, ZoneMinuteRepository repository) {
        return AckedConsumer.start(vertx, ADDRESS, "zone minute", body -> {
            repository.add(fromJson(body));
            return true;
        }, (body, ok) -> { });
    }

    static JsonObject toJson(StoredZoneMinute z) {
        return ZoneStateJson.summary(z.summary()).put("camera", z.cameraId()).put("zone", z.zoneId())
                .put("utcOffset", z.utcOffset().getTotalSeconds());
    }

    static StoredZoneMinute fromJson(JsonObject j) {
        return new StoredZoneMinute(j.getString("camera"), j.getString("zone"),
                ZoneOffset.ofTotalSeconds(j.getInteger("utcOffset")), ZoneStateJson.summary(j));
    }
}
