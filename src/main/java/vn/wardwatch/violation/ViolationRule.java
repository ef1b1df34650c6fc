package vn.wardwatch.violation;

import java.util.Collection;
import java.util.List;
import vn.wardwatch.track.Track;

/**
 * One traffic rule over one camera's tracks. Rules keep per-track memory; they report each track at most once
 * (the caller also makes sure of that). Not thread-safe: driven by the camera's analysis thread.
 */
public interface ViolationRule {

    ViolationType type();

    /** Feeds one frame's tracks; returns the violations completed in this frame. */
    List<Violation> update(List<Track> tracks, RuleFrame frame);

    /** Frees the memory of removed tracks; a rule may still complete a pending violation for them. */
    List<Violation> forget(Collection<Long> trackIds, RuleFrame frame);
}
