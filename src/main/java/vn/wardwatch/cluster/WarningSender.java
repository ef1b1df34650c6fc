package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.WarningRepository;
import vn.wardwatch.warning.Warning;

/**
 * A worker's warnings: its {@code WarningRecorder} writes the snapshot into the shared directory, then "saves" the
 * row here; the row goes to the api node in order (raise, updates, clear), resent until acknowledged
 * ({@link OrderedOutbox}). The api node upserts by warning id ({@link #receive}): a repeat changes nothing.
 * Only {@link #save} is supported: a worker has no database to read from.
 */
public final class WarningSender extends OutboxSender implements WarningRepository {

    public static final String ADDRESS = "wardwatch.cluster.warnings";

    /** This worker run's source id (its member UUID): the api node clears its open warnings if it dies. */
    private final String sourceId;

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public WarningSender(EventBus bus, String sourceId) {
        super(bus, ADDRESS);
        this.sourceId = sourceId;
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    public WarningSender(EventBus bus, String sourceId, Path journalDirectory) {
        super(bus, ADDRESS, journalDirectory);
        this.sourceId = sourceId;
    }

    @Override
    public void save(StoredWarning warning) {
        send(toJson(warning, sourceId));
    }

    @Override
    public Optional<StoredWarning> find(String id) {
        throw new UnsupportedOperationException("a worker has no warning database");
    }

    @Override
    public List<StoredWarning> list(WarningQuery query) {
        throw new UnsupportedOperationException("a worker has no warning database");
    }

    /**
     * The api node's end: upserts the row by id, notes which worker run it came from while it is open
     * ({@code sources}), publishes the warning (live event), then acknowledges.
     */
    public static MessageConsumer<JsonObject> receive(Vertx vertx, WarningRepository repository,
                                                      Consumer<Warning> stored, WarningSources sources) {
        return AckedConsumer.start(vertx, ADDRESS, "warning", body -> {
            StoredWarning w = fromJson(body);
            repository.save(w);
            sources.stored(w.warning(), body.getString("source"));
            return true;
        }, (body, ok) -> stored.accept(fromJson(body).warning())); // a resend may show a state twice live
    }

    private static String instant(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    /** @param sourceId the worker run that watches it (null: none) */
    static JsonObject toJson(StoredWarning s, String sourceId) {
        Warning w = s.warning();
        return new JsonObject().put("source", sourceId).put("id", w.id()).put("camera", w.cameraId())
                .put("zone", w.zoneId())
                .put("kind", w.kind()).put("state", w.state()).put("level", w.level())
                .put("raisedAt", instant(w.raisedAt())).put("clearedAt", instant(w.clearedAt()))
                .put("frameAt", instant(w.frameAt())).put("metrics", new JsonObject(new java.util.LinkedHashMap<>(
                        w.metrics())))
                .put("snapshot", w.snapshot()).put("utcOffset", s.utcOffset().getTotalSeconds())
                .put("snapshotFile", s.snapshotFile());
    }

    static StoredWarning fromJson(JsonObject j) {
        Warning w = new Warning(j.getString("id"), j.getString("camera"), j.getString("zone"), j.getString("kind"),
                j.getString("state"), j.getString("level"), instant(j.getString("raisedAt")),
                instant(j.getString("clearedAt")), instant(j.getString("frameAt")),
                j.getJsonObject("metrics").getMap(), j.getBoolean("snapshot"));
        return new StoredWarning(w, ZoneOffset.ofTotalSeconds(j.getInteger("utcOffset")), j.getString("snapshotFile"));
    }
}
