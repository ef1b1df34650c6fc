package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
public final class ZoneMinuteSender extends OutboxSender implements ZoneMinuteRepository {

    public static final String ADDRESS = "wardwatch.cluster.zone-minutes";

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public ZoneMinuteSender(EventBus bus) {
        super(bus, ADDRESS);
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    public ZoneMinuteSender(EventBus bus, Path journalDirectory) {
        super(bus, ADDRESS, journalDirectory);
    }

    @Override
    public void add(StoredZoneMinute minute) {
        send(toJson(minute));
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
