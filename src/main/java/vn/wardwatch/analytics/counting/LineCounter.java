package vn.wardwatch.analytics.counting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.LineConfig;
import vn.wardwatch.track.Track;

/**
 * Counts tracks whose bottom-centre anchor crosses one count line.
 *
 * <p>A band of {@code deadBandPx} on both sides of the line belongs to neither side: a track counts only when it was
 * last clearly on one side and is now clearly on the other, however many frames it spent inside the band, so box
 * jitter of an object standing on the line never counts. The straight path between those two clear positions must
 * cross the segment itself, not its extension, so traffic passing beside the end of a short line is not counted.
 * Each track counts at most once per line.
 *
 * <p>Only detector-matched track positions are used; a coasting track's predicted box is a guess, and an object
 * that is occluded while crossing is still counted when it is seen again on the other side.
 *
 * <p>Not thread-safe: one per line, driven by its camera's thread.
 */
public final class LineCounter {

    /** Jitter of a weak detector's box bottom at 416-640 px analysis width is a few pixels. */
    public static final double DEFAULT_DEAD_BAND_PX = 4.0;

    private record ClearPosition(int side, double x, double y) {
    }

    private final String cameraId;
    private final LineConfig config;
    private final double deadBandPx;
    private final Map<Long, ClearPosition> lastClear = new HashMap<>();
    private final Set<Long> counted = new HashSet<>();

    public LineCounter(String cameraId, LineConfig config) {
        this(cameraId, config, DEFAULT_DEAD_BAND_PX);
    }

    public LineCounter(String cameraId, LineConfig config, double deadBandPx) {
        if (deadBandPx < 0) {
            throw new IllegalArgumentException("deadBandPx must be >= 0");
        }
        this.cameraId = cameraId;
        this.config = config;
        this.deadBandPx = deadBandPx;
    }

    public String lineId() {
        return config.id();
    }

    /** Feeds one frame's tracks; returns the crossings completed in this frame. */
    public List<CountEvent> update(List<Track> tracks, long streamMillis, Instant wallTime) {
        List<CountEvent> events = new ArrayList<>();
        LineSegment segment = config.segment();
        for (Track track : tracks) {
            if (!track.matched() || counted.contains(track.id())) {
                continue;
            }
            Point anchor = new Point(track.anchorX(), track.anchorY());
            double distance = segment.signedDistance(anchor);
            int side = distance > deadBandPx ? 1 : distance < -deadBandPx ? -1 : 0;
            if (side == 0) {
                continue; // inside the band: wait until the track clearly leaves it
            }
            ClearPosition previous = lastClear.put(track.id(), new ClearPosition(side, anchor.x(), anchor.y()));
            if (previous == null || previous.side == side) {
                continue;
            }
            if (!segment.crossedBy(new Point(previous.x, previous.y), anchor)) {
                continue;
            }
            // Positive distance is the left-hand side: right to left is "in".
            String direction = side > 0 ? CountEvent.IN : CountEvent.OUT;
            if (directionCounted(direction) && classCounted(track)) {
                counted.add(track.id());
                lastClear.remove(track.id());
                events.add(new CountEvent(cameraId, config.id(), track.objectClass(), direction, track.id(),
                        streamMillis, wallTime));
            }
        }
        return events;
    }

    /** Frees the state of tracks the tracker has removed. */
    public void forget(Collection<Long> trackIds) {
        for (Long id : trackIds) {
            lastClear.remove(id);
            counted.remove(id);
        }
    }

    /** An empty set counts both directions, like an empty class set counts all classes. */
    private boolean directionCounted(String direction) {
        return config.directions() == null || config.directions().isEmpty()
                || config.directions().contains(direction);
    }

    private boolean classCounted(Track track) {
        return config.classes() == null || config.classes().isEmpty()
                || config.classes().contains(track.objectClass());
    }
}
