package vn.wardwatch.track;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.ObjectClass;

/**
 * ByteTrack-style multi-object tracker (Zhang et al., 2022) with a constant-velocity Kalman filter per track.
 *
 * <p>Each frame: predict every track; match high-score detections to all confirmed tracks (tracked and lost);
 * match low-score detections to confirmed tracks that were still tracked last frame and are left over (a weak
 * detector's low scores are usually real objects partly hidden, but too unreliable to start a track); match the
 * remaining high-score detections to tentative tracks; start tentative tracks from what is still unmatched. A track
 * is confirmed, and gets its id, after {@link Settings#minHits()} matches; a confirmed track that is not seen is
 * kept as lost for {@link Settings#maxLostMillis()} of stream time so that it can be re-found after an occlusion.
 *
 * <p>Matching uses optimal assignment on (buffered) IoU between the predicted box and the detection, across classes
 * as long as both are vehicles, or the same class: class flicker (car/truck) must not split a track, but a person
 * standing next to a car must not be merged into it.
 *
 * <p>Not thread-safe: one tracker per camera.
 */
public final class ByteTracker implements Tracker {

    /**
     * @param highThreshold           detections at or above this score are "high": they can start tracks
     * @param lowThreshold            detections below this score are ignored altogether
     * @param matchIou                minimum IoU for high-score and tentative matches
     * @param lowMatchIou             minimum IoU for low-score matches (stricter: low scores are less certain)
     * @param iouBuffer               each box is grown by this fraction of its size on every side before IoU, so
     *                                that fast objects at 5-10 fps still overlap their prediction (C-BIoU style)
     * @param minHits                 matches needed before a track is confirmed and reported
     * @param maxLostMillis           stream time a confirmed track may go unseen before it is removed
     * @param coastMillis             stream time an unseen confirmed track is still reported (with its predicted
     *                                box, {@code matched == false}) so that zone counts do not flicker on one miss
     * @param stationaryWindowMillis  stream time over which the stationary flag looks back
     * @param stationaryHeightFraction the anchor must stay within this fraction of the box height...
     * @param stationaryMinPx         ...or within this many pixels, whichever is larger
     */
    public record Settings(double highThreshold, double lowThreshold, double matchIou, double lowMatchIou,
                           double iouBuffer, int minHits, long maxLostMillis, long coastMillis,
                           long stationaryWindowMillis, double stationaryHeightFraction, double stationaryMinPx) {

        public Settings {
            if (lowThreshold > highThreshold) {
                throw new IllegalArgumentException("lowThreshold must not exceed highThreshold");
            }
            if (matchIou <= 0 || matchIou > 1 || lowMatchIou <= 0 || lowMatchIou > 1) {
                throw new IllegalArgumentException("match IoU thresholds must be in (0, 1]");
            }
            if (iouBuffer < 0 || minHits < 1 || maxLostMillis < 0 || coastMillis < 0 || stationaryWindowMillis <= 0) {
                throw new IllegalArgumentException("invalid tracker settings: " + this);
            }
        }

        /** Tuned for 5-10 fps street cameras and a NanoDet-class detector thresholded at about 0.3. */
        public static Settings defaults() {
            return new Settings(0.5, 0.1, 0.2, 0.5, 0.2, 2, 1500, 500, 2000, 0.1, 3.0);
        }
    }

    private final Settings settings;
    private final List<TrackState> tracks = new ArrayList<>();
    private final List<Long> removedIds = new ArrayList<>();
    private long nextId = 1;
    private long lastMillis;
    private boolean started;

    public ByteTracker() {
        this(Settings.defaults());
    }

    public ByteTracker(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Track> update(List<Detection> detections, long timestampMillis) {
        double dtSeconds = 0;
        if (started && timestampMillis < lastMillis) {
            // Stream time went backwards: the source restarted (e.g. a looped file). Old tracks are meaningless.
            removeAll();
        } else if (started) {
            dtSeconds = (timestampMillis - lastMillis) / 1000.0;
        }
        started = true;
        lastMillis = timestampMillis;

        expireLost(timestampMillis);
        for (TrackState t : tracks) {
            t.predict(dtSeconds);
        }

        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.score() >= settings.highThreshold()) {
                high.add(d);
            } else if (d.score() >= settings.lowThreshold()) {
                low.add(d);
            }
        }

        List<TrackState> confirmed = new ArrayList<>();
        List<TrackState> tentative = new ArrayList<>();
        for (TrackState t : tracks) {
            (t.confirmed ? confirmed : tentative).add(t);
        }

        // 1. High-score detections against all confirmed tracks, tracked and lost alike.
        List<TrackState> leftTracks = new ArrayList<>();
        List<Detection> leftHigh = associate(confirmed, high, settings.matchIou(), timestampMillis, leftTracks);

        // 2. Low-score detections only keep alive tracks that were seen last frame.
        List<TrackState> trackedLeft = new ArrayList<>();
        for (TrackState t : leftTracks) {
            if (t.tracked) {
                trackedLeft.add(t);
            }
        }
        associate(trackedLeft, low, settings.lowMatchIou(), timestampMillis, new ArrayList<>());

        // 3. What is left of the high-score detections against tentative tracks.
        List<TrackState> unmatchedTentative = new ArrayList<>();
        List<Detection> unmatchedHigh =
                associate(tentative, leftHigh, settings.matchIou(), timestampMillis, unmatchedTentative);

        // A tentative track that misses a frame was probably a false positive (ByteTrack drops it too).
        tracks.removeAll(unmatchedTentative);
        for (TrackState t : tracks) {
            if (!t.matchedThisFrame) {
                t.miss();
            }
        }
        for (Detection d : unmatchedHigh) {
            tracks.add(new TrackState(d, timestampMillis, settings));
        }
        for (TrackState t : tracks) {
            if (!t.confirmed && t.hits >= settings.minHits()) {
                t.confirmed = true;
                t.id = nextId++;
            }
        }
        return report(timestampMillis);
    }

    @Override
    public List<Long> drainRemovedIds() {
        List<Long> out = List.copyOf(removedIds);
        removedIds.clear();
        return out;
    }

    /** Whether a track currently voted {@code trackClass} may take a detection of {@code detectionClass}. */
    static boolean compatible(ObjectClass trackClass, ObjectClass detectionClass) {
        return trackClass == detectionClass || (trackClass.isVehicle() && detectionClass.isVehicle());
    }

    /** IoU of the two boxes after growing each by {@code buffer} times its size on every side. */
    static double bufferedIou(BoundingBox a, BoundingBox b, double buffer) {
        return grow(a, buffer).iou(grow(b, buffer));
    }

    private static BoundingBox grow(BoundingBox box, double buffer) {
        double dx = box.width() * buffer;
        double dy = box.height() * buffer;
        return new BoundingBox(box.x() - dx, box.y() - dy, box.width() + 2 * dx, box.height() + 2 * dy);
    }

    /**
     * Optimal assignment of detections to tracks by IoU; matched tracks are updated. Adds the unmatched tracks to
     * {@code unmatchedTracks} and returns the unmatched detections.
     */
    private List<Detection> associate(List<TrackState> candidates, List<Detection> detections, double minIou,
                                      long millis, List<TrackState> unmatchedTracks) {
        if (candidates.isEmpty() || detections.isEmpty()) {
            unmatchedTracks.addAll(candidates);
            return new ArrayList<>(detections);
        }
        // Cost 1 - IoU; a forbidden pair costs 1, the same as leaving both unmatched, so the solver maximises the
        // total IoU of allowed pairs and forbidden pairs it returns are simply discarded.
        double[][] cost = new double[candidates.size()][detections.size()];
        for (int i = 0; i < candidates.size(); i++) {
            TrackState t = candidates.get(i);
            BoundingBox predicted = t.predictedBox();
            for (int j = 0; j < detections.size(); j++) {
                Detection d = detections.get(j);
                double iou = compatible(t.objectClass(), d.objectClass())
                        ? bufferedIou(predicted, d.box(), settings.iouBuffer()) : 0;
                cost[i][j] = iou >= minIou ? 1 - iou : 1;
            }
        }
        int[] assigned = HungarianAssignment.solve(cost);
        boolean[] detectionUsed = new boolean[detections.size()];
        for (int i = 0; i < candidates.size(); i++) {
            int j = assigned[i];
            if (j >= 0 && cost[i][j] < 1) {
                candidates.get(i).match(detections.get(j), millis);
                detectionUsed[j] = true;
            } else {
                unmatchedTracks.add(candidates.get(i));
            }
        }
        List<Detection> left = new ArrayList<>();
        for (int j = 0; j < detections.size(); j++) {
            if (!detectionUsed[j]) {
                left.add(detections.get(j));
            }
        }
        return left;
    }

    private void expireLost(long millis) {
        tracks.removeIf(t -> {
            boolean expired = t.confirmed && millis - t.lastMatchedMillis > settings.maxLostMillis();
            if (expired) {
                removedIds.add(t.id);
            }
            return expired;
        });
    }

    private void removeAll() {
        for (TrackState t : tracks) {
            if (t.confirmed) {
                removedIds.add(t.id);
            }
        }
        tracks.clear();
    }

    private List<Track> report(long millis) {
        List<Track> out = new ArrayList<>();
        for (TrackState t : tracks) {
            if (!t.confirmed || (!t.matchedThisFrame && millis - t.lastMatchedMillis > settings.coastMillis())) {
                continue;
            }
            out.add(new Track(t.id, t.objectClass(), t.score, t.box, t.reportedAnchorX, t.reportedAnchorY,
                    t.hasReported, t.velocityX(), t.velocityY(), t.stationary, t.matchedThisFrame, t.hits,
                    t.firstSeenMillis, millis));
            t.hasReported = true;
            t.reportedAnchorX = t.box.centerX();
            t.reportedAnchorY = t.box.bottom();
        }
        out.sort(Comparator.comparingLong(Track::id));
        return out;
    }
}
