package vn.wardwatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateRepository;
import vn.wardwatch.storage.PlateSearch;
import vn.wardwatch.storage.StoredPlate;

/**
 * A worker's plate reads of passing vehicles: its {@code PlateWriter} writes the crop into the shared directory,
 * then "adds" the row here; the row goes to the api node, resent until acknowledged ({@link OrderedOutbox}). The api
 * node stores it once per {@link #key} ({@link #receive}): a resend after a lost ack changes nothing.
 * Only {@link #add} is supported: a worker has no database to read from.
 */
public final class PlateSender extends OutboxSender implements PlateRepository {

    public static final String ADDRESS = "wardwatch.cluster.plates";

    /** In memory only: what is not acknowledged is lost on a SIGKILL. */
    public PlateSender(EventBus bus) {
        super(bus, ADDRESS);
    }

    /** Journaled into {@code journalDirectory} (this worker run's, in the shared directory): replayed if it dies. */
    public PlateSender(EventBus bus, Path journalDirectory) {
        super(bus, ADDRESS, journalDirectory);
    }

    /** Queues the row for the api node; returns -1: the api node gives the id, which the worker never needs. */
    @Override
    public long add(PlateSighting sighting, String cropFile) {
        send(toJson(sighting, cropFile));
        return -1;
    }

    @Override
    public boolean addOnce(String key, PlateSighting sighting, String cropFile) {
        throw new UnsupportedOperationException("a worker has no plate database");
    }

    @Override
    public List<StoredPlate> search(PlateSearch search) {
        throw new UnsupportedOperationException("a worker has no plate database");
    }

    @Override
    public Optional<StoredPlate> find(long id) {
        throw new UnsupportedOperationException("a worker has no plate database");
    }

    /**
     * What makes a sighting itself: one camera's track is read for one reason at one frame time. A worker's restart
     * or a failover starts new tracks at new times, so two different sightings never share a key.
     */
    static String key(PlateSighting s) {
        return s.seenAt() + "/" + s.cameraId() + "/" + s.trackId() + "/" + s.reason();
    }

    /** The api node's end: stores the row unless its key is stored, then acknowledges (true: newly stored). */
    public static MessageConsumer<JsonObject> receive(Vertx vertx, PlateRepository repository) {
        return AckedConsumer.start(vertx, ADDRESS, "plate", body -> {
            PlateSighting s = sighting(body);
            return repository.addOnce(key(s), s, body.getString("cropFile"));
        }, (body, added) -> { });
    }

    /** Instants as ISO strings: exact to the nanosecond, as one process would store them. */
    static JsonObject toJson(PlateSighting s, String cropFile) {
        PlateVote p = s.plate();
        JsonArray runnerUps = new JsonArray();
        for (PlateVote.RunnerUp r : p.runnerUps()) {
            runnerUps.add(new JsonObject().put("text", r.text()).put("characters", r.characters())
                    .put("support", r.support()).put("reads", r.reads()));
        }
        return new JsonObject().put("camera", s.cameraId()).put("seenAt", s.seenAt().toString())
                .put("utcOffset", s.utcOffset().getTotalSeconds()).put("trackId", s.trackId())
                .put("reason", s.reason()).put("text", p.text()).put("characters", p.characters())
                .put("layout", p.layout().name()).put("colour", p.colour().name()).put("confidence", p.confidence())
                .put("valid", p.valid()).put("support", p.support()).put("reads", p.reads())
                .put("agreeingReads", p.agreeingReads()).put("runnerUps", runnerUps).put("cropFile", cropFile);
    }

    static PlateSighting sighting(JsonObject j) {
        List<PlateVote.RunnerUp> runnerUps = new ArrayList<>();
        for (Object o : j.getJsonArray("runnerUps")) {
            JsonObject r = (JsonObject) o;
            runnerUps.add(new PlateVote.RunnerUp(r.getString("text"), r.getString("characters"),
                    r.getDouble("support"), r.getInteger("reads")));
        }
        PlateVote vote = new PlateVote(j.getString("text"), j.getString("characters"),
                PlateLayout.valueOf(j.getString("layout")), PlateColour.valueOf(j.getString("colour")),
                j.getDouble("confidence"), j.getBoolean("valid"), j.getDouble("support"), j.getInteger("reads"),
                j.getInteger("agreeingReads"), runnerUps);
        return new PlateSighting(j.getString("camera"), Instant.parse(j.getString("seenAt")),
                ZoneOffset.ofTotalSeconds(j.getInteger("utcOffset")), j.getLong("trackId"), j.getString("reason"),
                vote);
    }
}
