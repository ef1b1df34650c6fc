package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Point;
import vn.wardwatch.detect.BoundingBox;

/** Text lines that together may be one plate, top line first. */
record PlateLines(List<TextBox> lines) {

    PlateLines {
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.size() > 2) {
            throw new IllegalArgumentException("a plate has one or two lines, got " + lines.size());
        }
    }

    PlateLayout layout() {
        return lines.size() == 1 ? PlateLayout.ONE_LINE : PlateLayout.TWO_LINE;
    }

    /** Mean detector score of the lines. */
    double score() {
        return lines.stream().mapToDouble(TextBox::score).average().orElse(0);
    }

    /** The axis-aligned box around every line. */
    BoundingBox bounds() {
        List<Point> all = new ArrayList<>();
        lines.forEach(l -> all.addAll(List.of(l.corners())));
        double x1 = all.stream().mapToDouble(p -> p.x).min().orElse(0);
        double y1 = all.stream().mapToDouble(p -> p.y).min().orElse(0);
        double x2 = all.stream().mapToDouble(p -> p.x).max().orElse(0);
        double y2 = all.stream().mapToDouble(p -> p.y).max().orElse(0);
        return BoundingBox.fromCorners(x1, y1, x2, y2);
    }
}
