package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.List;

/**
 * The crops one read round of one track has collected, of which only the best few are kept (and the others
 * released at once, so a long round holds little memory). Used by the plate worker's thread only.
 */
final class PlateRound implements AutoCloseable {

    private record Scored(PlateCandidate candidate, double quality) {
    }

    private final long trackId;
    private final int round;
    private final int keep;
    private final List<Scored> kept = new ArrayList<>();
    private String reason;

    PlateRound(long trackId, int round, int keep) {
        this.trackId = trackId;
        this.round = round;
        this.keep = keep;
    }

    long trackId() {
        return trackId;
    }

    int round() {
        return round;
    }

    /** The reason of the latest crop: a violation rule's request can rename a round that is collecting. */
    String reason() {
        return reason;
    }

    /** Takes ownership of the crop. Equal quality keeps the earlier crop. */
    void add(PlateCandidate candidate, double quality) {
        reason = candidate.reason();
        int at = kept.size();
        while (at > 0 && kept.get(at - 1).quality() < quality) {
            at--;
        }
        kept.add(at, new Scored(candidate, quality));
        if (kept.size() > keep) {
            kept.remove(kept.size() - 1).candidate().close();
        }
    }

    /** The kept crops, best first. Still owned by the round. */
    List<PlateCandidate> best() {
        return kept.stream().map(Scored::candidate).toList();
    }

    @Override
    public void close() {
        kept.forEach(s -> s.candidate().close());
        kept.clear();
    }
}
