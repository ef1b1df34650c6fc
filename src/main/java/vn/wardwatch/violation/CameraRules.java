package vn.wardwatch.violation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.ViolationConfig;
import vn.wardwatch.track.Track;

/**
 * Every rule one camera's geometry supports, run over its tracks frame by frame. However a rule behaves, a track
 * is reported at most once per rule. Not thread-safe: driven by the camera's analysis thread.
 */
public final class CameraRules {

    private final List<ViolationRule> rules;
    private final Set<String> reported = new HashSet<>();

    public CameraRules(List<ViolationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules whose geometry the camera has: stop lines, lanes, no-stopping and restricted zones. */
    public static CameraRules forCamera(CameraConfig camera) {
        GeometryConfig g = camera.geometry();
        ViolationConfig v = camera.violations();
        List<ViolationRule> rules = new ArrayList<>();
        if (!g.stopLines().isEmpty()) {
            rules.add(new RedLightRule(g.stopLines(), v.redLightGraceSeconds(), v.yellowIsViolation()));
        }
        if (!g.lanes().isEmpty()) {
            rules.add(new WrongWayRule(g.lanes(), v.wrongWayMinDistancePx(), v.wrongWayMinSeconds()));
            if (g.lanes().stream().anyMatch(l -> !l.classes().isEmpty())) {
                rules.add(new WrongLaneRule(g.lanes()));
            }
        }
        if (!g.noStoppingZones().isEmpty()) {
            rules.add(new IllegalStoppingRule(g.noStoppingZones()));
        }
        if (!g.restrictedZones().isEmpty()) {
            rules.add(new RestrictedZoneRule(g.restrictedZones()));
        }
        return new CameraRules(rules);
    }

    public List<ViolationType> types() {
        return rules.stream().map(ViolationRule::type).toList();
    }

    /** One frame: the tracks now, and the ids the tracker removed in it. */
    public List<Violation> update(List<Track> tracks, Collection<Long> removedIds, RuleFrame frame) {
        List<Violation> out = new ArrayList<>();
        for (ViolationRule rule : rules) {
            keepNew(rule.update(tracks, frame), out);
            if (!removedIds.isEmpty()) {
                keepNew(rule.forget(removedIds, frame), out);
            }
        }
        if (!removedIds.isEmpty()) {
            // Ids are never reused, so their entries are no longer needed.
            reported.removeIf(key -> removedIds.contains(Long.parseLong(key.substring(key.indexOf(':') + 1))));
        }
        return out;
    }

    private void keepNew(List<Violation> found, List<Violation> out) {
        for (Violation v : found) {
            if (reported.add(v.type().code() + ":" + v.trackId())) {
                out.add(v);
            }
        }
    }
}
