package vn.wardwatch.api;

import java.util.Optional;
import vn.wardwatch.signal.SignalState;

/**
 * Signal heads' states read where their camera runs (a cluster's workers report them every second): the signal list
 * shows these instead of the API's own board, which in a cluster sees no frame.
 */
@FunctionalInterface
public interface SignalReports {

    /** A head's state and its camera's latest stream time, as the board that reads its frames has them. */
    record Reported(SignalState state, long latestStreamMillis) {
    }

    SignalReports NONE = (cameraId, headId) -> Optional.empty();

    /** The head's reported state; empty when nobody reports its camera now. */
    Optional<Reported> reported(String cameraId, String headId);
}
