package vn.wardwatch.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a user may do (issue 8). Which routes each role reaches is in {@code vn.wardwatch.api.RoutePolicy}.
 */
public enum Role {
    /** Everything, every camera. */
    ADMIN,
    /** Reviews violations and sees plates. */
    OFFICER,
    /** Warnings and counts; evidence with plates and faces masked. */
    COORDINATOR,
    /** The operations centre's machine tokens: counts, warnings, the IOC snapshot and events. */
    IOC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether plate text, plate crops and unmasked evidence may be shown. */
    public boolean seesPlates() {
        return this == ADMIN || this == OFFICER;
    }

    public static Optional<Role> fromWireName(String text) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
    }
}
