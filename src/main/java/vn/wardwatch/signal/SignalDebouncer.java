package vn.wardwatch.signal;

import java.util.Optional;

/**
 * Turns per-frame raw signal colours into a stable state. A new colour is reported only once it has been seen for
 * {@code minFrames} consecutive frames or for {@code minMillis} (whichever comes first; a limit of 0 or less is not
 * used), so that a single misread frame, a passing vehicle or LED flicker cannot flip the state. UNKNOWN is weaker
 * evidence than a colour: it replaces a stable colour only after its own, longer limits, because a lamp that is
 * briefly unreadable has most likely not changed. For the same reason an UNKNOWN frame inside a run of a new colour
 * neither counts for that run nor breaks it. Pure logic on the caller's timestamps; not thread-safe.
 */
public final class SignalDebouncer {

    /** A confirmed change: the colour it left, the colour it became, when it was first seen and when confirmed. */
    public record Change(SignalColour from, SignalColour to, long firstSeenMillis, long confirmedMillis) {
    }

    private final int minFrames;
    private final long minMillis;
    private final int unknownFrames;
    private final long unknownMillis;

    private SignalColour stable = SignalColour.UNKNOWN;
    private Change lastChange;
    private SignalColour candidate;
    private int candidateFrames;
    private long candidateSince;
    private int unknownRun;
    private long unknownSince;
    private long lastTimestamp = Long.MIN_VALUE;

    /**
     * @param minFrames     consecutive frames a new colour needs (0 or less: not used)
     * @param minMillis     time a new colour needs (0 or less: not used)
     * @param unknownFrames consecutive UNKNOWN frames that replace a stable colour (0 or less: not used)
     * @param unknownMillis time UNKNOWN needs to replace a stable colour (0 or less: not used)
     */
    public SignalDebouncer(int minFrames, long minMillis, int unknownFrames, long unknownMillis) {
        if (unknownFrames > 0 && minFrames > 0 && unknownFrames < minFrames) {
            throw new IllegalArgumentException("unknownFrames (" + unknownFrames + ") must not be shorter than"
                    + " minFrames (" + minFrames + "): UNKNOWN must not replace a colour faster than a colour does");
        }
        if (unknownMillis > 0 && minMillis > 0 && unknownMillis < minMillis) {
            throw new IllegalArgumentException("unknownMillis (" + unknownMillis + ") must not be shorter than"
                    + " minMillis (" + minMillis + ")");
        }
        this.minFrames = minFrames;
        this.minMillis = minMillis;
        this.unknownFrames = unknownFrames;
        this.unknownMillis = unknownMillis;
    }

    /** Feeds one frame's raw colour at its timestamp (non-decreasing) and returns the stable colour after it. */
    public SignalColour update(SignalColour raw, long timestampMillis) {
        if (raw == null) {
            throw new IllegalArgumentException("raw colour is null; use UNKNOWN for an unreadable head");
        }
        if (timestampMillis < lastTimestamp) {
            throw new IllegalArgumentException("timestamp " + timestampMillis + " ms is before the previous frame's "
                    + lastTimestamp + " ms");
        }
        lastTimestamp = timestampMillis;
        if (raw == SignalColour.UNKNOWN) {
            if (unknownRun++ == 0) {
                unknownSince = timestampMillis;
            }
            if (stable != SignalColour.UNKNOWN && confirmed(raw, unknownRun, timestampMillis - unknownSince)) {
                change(raw, unknownSince, timestampMillis);
            }
            return stable;
        }
        unknownRun = 0;
        if (raw == stable) {
            candidate = null; // the stable colour seen again ends any run of another colour
            return stable;
        }
        if (raw != candidate) {
            candidate = raw;
            candidateFrames = 0;
            candidateSince = timestampMillis;
        }
        candidateFrames++;
        if (confirmed(raw, candidateFrames, timestampMillis - candidateSince)) {
            change(raw, candidateSince, timestampMillis);
        }
        return stable;
    }

    private void change(SignalColour to, long firstSeen, long now) {
        lastChange = new Change(stable, to, firstSeen, now);
        stable = to;
        candidate = null;
        unknownRun = 0;
    }

    private boolean confirmed(SignalColour raw, int frames, long millis) {
        int needFrames = raw == SignalColour.UNKNOWN ? unknownFrames : minFrames;
        long needMillis = raw == SignalColour.UNKNOWN ? unknownMillis : minMillis;
        if (needFrames <= 0 && needMillis <= 0) {
            return true;
        }
        return (needFrames > 0 && frames >= needFrames) || (needMillis > 0 && millis >= needMillis);
    }

    /** The stable colour; UNKNOWN until a colour has been confirmed. */
    public SignalColour state() {
        return stable;
    }

    /** The last confirmed change, empty before the first. */
    public Optional<Change> lastChange() {
        return Optional.ofNullable(lastChange);
    }

    /**
     * When the stable state began: the first frame of the run that confirmed it (the lamp changed then, not when the
     * debouncer was sure), or empty before the first change.
     */
    public Optional<Long> changedAtMillis() {
        return lastChange().map(Change::firstSeenMillis);
    }
}
