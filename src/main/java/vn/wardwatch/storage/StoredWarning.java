package vn.wardwatch.storage;

import java.time.ZoneOffset;
import vn.wardwatch.warning.Warning;

/**
 * A warning's row: its latest state, the camera's offset, and its snapshot file relative to the data dir (null when
 * none could be written).
 */
public record StoredWarning(Warning warning, ZoneOffset utcOffset, String snapshotFile) {
}
