package vn.wardwatch.violation;

import java.util.Locale;
import java.util.Optional;

/** The rules a vehicle can break. The code goes into manifests and the database; the wire name into the API. */
public enum ViolationType {
    RED_LIGHT, WRONG_WAY, WRONG_LANE, ILLEGAL_STOPPING, RESTRICTED_ZONE;

    public String code() {
        return name();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ViolationType> fromWireName(String name) {
        for (ViolationType t : values()) {
            if (t.wireName().equals(name) || t.code().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
