package vn.wardwatch.signal;

import java.util.Locale;

/** What a signal head shows. UNKNOWN: dark, all lamps off, glare, or no clear winner. */
public enum SignalColour {
    RED, YELLOW, GREEN, UNKNOWN;

    /** Lower-case name used in JSON, the API and evidence manifests. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #wireName()}; case-insensitive, an unknown name is an error listing the valid ones. */
    public static SignalColour fromWireName(String name) {
        for (SignalColour c : values()) {
            if (c.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown signal colour '" + name
                + "', expected red, yellow, green or unknown");
    }
}
