package vn.wardwatch.plate;

/** How the characters sit on the plate: car plates are mostly one line, motorbike plates two. */
public enum PlateLayout {
    ONE_LINE(1),
    TWO_LINE(2);

    private final int lines;

    PlateLayout(int lines) {
        this.lines = lines;
    }

    public int lines() {
        return lines;
    }
}
