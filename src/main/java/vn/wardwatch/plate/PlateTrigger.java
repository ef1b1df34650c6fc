package vn.wardwatch.plate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import vn.wardwatch.analytics.counting.CountEvent;
import vn.wardwatch.analytics.counting.LineCounter;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.track.Track;

/**
 * Decides, frame by frame, which tracks have their plate read and on which frames.
 *
 * <p>A track is read in rounds. A round starts when the track crosses the plate line, when it stands in the plate
 * zone (and again every zone interval while it stays: parked vehicles must be read too), or when a violation rule
 * asks ({@link #request}). A round collects one crop on each of the next frames where the detector saw the track,
 * up to the configured number of candidates; the plate worker reads the best of them and votes. A round that is
 * collecting takes no second start; a request during it only gives it the rule's reason.
 *
 * <p>Not thread-safe, except {@link #request}: driven by the camera's analysis thread.
 */
public final class PlateTrigger {

    public static final String LINE = "line";
    public static final String ZONE = "zone";
    /** Classes that carry a licence plate; only they are read on crossing or in the zone. */
    public static final Set<ObjectClass> PLATED = EnumSet.of(ObjectClass.CAR, ObjectClass.MOTORBIKE, ObjectClass.BUS,
            ObjectClass.TRUCK);
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,32}");

    /** Crop this track on this frame for round {@code round}; {@code last} closes the round. */
    public record Offer(Track track, int round, String reason, boolean last) {
    }

    private record Request(long trackId, String reason) {
    }

    private static final class Rounds {
        int round;
        String reason;
        int offered;
        boolean open;
        long lastStartMillis;
    }

    private final LineCounter line;
    private final Polygon zone;
    private final int candidates;
    private final long zoneIntervalMillis;
    private final Map<Long, Rounds> tracks = new HashMap<>();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    public PlateTrigger(String cameraId, PlateConfig config) {
        // A crossing is judged exactly as for counting (dead band, segment-bounded, once per track).
        this.line = config.line() == null ? null : new LineCounter(cameraId,
                new LineConfig("plates", config.line(), Set.of(CountEvent.IN, CountEvent.OUT), PLATED));
        this.zone = config.zone();
        this.candidates = config.candidates();
        this.zoneIntervalMillis = Math.round(config.zoneIntervalSeconds() * 1000);
    }

    /**
     * Asks for the plate of a live track, e.g. from a violation rule; safe from any thread. Takes effect on the next
     * frame; a track that is gone by then is not read.
     *
     * @param reason stored with the plate, e.g. {@code red_light}: 1 to 32 characters of a-z, 0-9 and _
     */
    public void request(long trackId, String reason) {
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a plate read reason is 1 to 32 characters of a-z, 0-9 and _, got "
                    + (reason == null ? "null" : "\"" + reason + "\""));
        }
        requests.add(new Request(trackId, reason));
    }

    /**
     * Feeds one frame's tracks (as the tracker reports them) and the ids it removed; returns the crops to take.
     */
    public List<Offer> update(List<Track> frameTracks, List<Long> removedIds, long streamMillis, Instant wallTime) {
        Map<Long, String> requested = new LinkedHashMap<>();
        for (Request r = requests.poll(); r != null; r = requests.poll()) {
            requested.put(r.trackId(), r.reason());
        }
        Set<Long> crossed = new HashSet<>();
        if (line != null) {
            line.update(frameTracks, streamMillis, wallTime).forEach(e -> crossed.add(e.trackId()));
        }
        List<Offer> offers = new ArrayList<>();
        for (Track track : frameTracks) {
            Rounds rounds = tracks.get(track.id());
            String reason = requested.get(track.id());
            if (reason != null) {
                rounds = start(track.id(), rounds, reason, streamMillis);
                rounds.reason = reason;
            } else if (crossed.contains(track.id())) {
                rounds = start(track.id(), rounds, LINE, streamMillis);
            } else if (inZone(track) && (rounds == null
                    || (!rounds.open && streamMillis - rounds.lastStartMillis >= zoneIntervalMillis))) {
                rounds = start(track.id(), rounds, ZONE, streamMillis);
            }
            if (rounds != null && rounds.open && track.matched()) {
                rounds.offered++;
                rounds.open = rounds.offered < candidates;
                offers.add(new Offer(track, rounds.round, rounds.reason, !rounds.open));
            }
        }
        for (Long id : removedIds) {
            tracks.remove(id);
        }
        if (line != null) {
            line.forget(removedIds);
        }
        return offers;
    }

    private boolean inZone(Track track) {
        return zone != null && PLATED.contains(track.objectClass()) && zone.contains(track.anchorX(), track.anchorY());
    }

    /** Opens a new round unless one is collecting. */
    private Rounds start(long trackId, Rounds rounds, String reason, long streamMillis) {
        if (rounds == null) {
            rounds = new Rounds();
            tracks.put(trackId, rounds);
        }
        if (!rounds.open) {
            rounds.round++;
            rounds.open = true;
            rounds.offered = 0;
            rounds.reason = reason;
            rounds.lastStartMillis = streamMillis;
        }
        return rounds;
    }
}
