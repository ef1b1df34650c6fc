package vn.wardwatch.plate;

/** Background colour class of a Vietnamese plate, which tells who the vehicle belongs to. */
public enum PlateColour {
    /** Private vehicles. */
    WHITE,
    /** Commercial transport. */
    YELLOW,
    /** State bodies. */
    BLUE,
    /** Military. */
    RED,
    UNKNOWN;

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
