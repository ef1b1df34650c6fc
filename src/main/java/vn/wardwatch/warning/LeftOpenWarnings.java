package vn.wardwatch.warning;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.WarningQuery;
import vn.wardwatch.storage.WarningRepository;

/**
 * At a start, the warnings still open in the database were raised by a run that ended without clearing them (a
 * crash, a kill; a clean stop clears its own): nothing watches them any more. They are cleared (reason
 * {@link Warning#ANALYSIS_RESTARTED}) through the warning recorder: stored and published like any state.
 */
public final class LeftOpenWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(LeftOpenWarnings.class);

    private LeftOpenWarnings() {
    }

    /**
     * Queues the clears; call before the cameras run.
     *
     * @param cameraId  only this camera's warnings, or null for all of them
     * @param startedAt this run's start: what was raised before it is the last run's
     * @param now       the clearing time
     * @return how many were queued
     */
    public static int clear(WarningRepository repository, WarningRecorder recorder, String cameraId,
                            Instant startedAt, Instant now) {
        List<StoredWarning> open = repository.list(new WarningQuery(true, cameraId, null, null, null, startedAt,
                Integer.MAX_VALUE));
        for (StoredWarning s : open) {
            recorder.submit(s.warning().clearedBecause(Warning.ANALYSIS_RESTARTED, now), s.utcOffset(), null);
        }
        if (!open.isEmpty()) {
            LOG.info("{} warning(s) left open by the last run cleared ({})", open.size(), Warning.ANALYSIS_RESTARTED);
        }
        return open.size();
    }
}
