package vn.wardwatch.analytics.traffic;

import java.util.Locale;

/** How congested a zone is, in increasing order. */
public enum CongestionLevel {
    FREE, SLOW, CONGESTED, JAMMED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CongestionLevel of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
