package vn.wardwatch.detect;

import java.util.Locale;
import java.util.Optional;

/** The object classes WardWatch reports. Detector classes (COCO etc.) are mapped onto these. */
public enum ObjectClass {
    CAR, MOTORBIKE, BUS, TRUCK, BICYCLE, PERSON, TRAFFIC_LIGHT;

    /** Lower-case name used in config, JSON and metrics tags, e.g. {@code motorbike}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isVehicle() {
        return this != PERSON && this != TRAFFIC_LIGHT;
    }

    public static Optional<ObjectClass> fromWireName(String name) {
        for (ObjectClass c : values()) {
            if (c.wireName().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
