package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Point;

/**
 * Turns the detector's text boxes into plate candidates: boxes of one text row that the detector cut apart are
 * joined, a row that is too tall for one line (two lines the detector merged) is split at the gap between its
 * lines, and two rows stacked like the lines of a motorbike plate become one two-line candidate.
 */
final class LineGrouper {

    /** Lines shorter than this (image pixels) cannot be read at all. */
    static final double MIN_LINE_HEIGHT = 8;
    /** A row narrower than this many heights holds too few characters to be a plate line, or is two lines merged. */
    static final double MIN_LINE_ASPECT = 1.0;
    /** Below this width/height a row is probably two lines merged into one box: look for the gap between them. */
    static final double SPLIT_ASPECT = 2.0;

    private LineGrouper() {
    }

    static List<PlateLines> group(List<TextBox> boxes, TextDetector.ProbabilityMap map) {
        List<TextBox> rows = new ArrayList<>();
        for (TextBox row : joinRows(boxes)) {
            if (row.height() < MIN_LINE_HEIGHT) {
                continue;
            }
            if (row.width() / row.height() < SPLIT_ASPECT) {
                List<TextBox> halves = splitAtValley(row, map);
                if (halves.size() == 2) {
                    rows.addAll(halves);
                    continue;
                }
            }
            if (row.width() / row.height() >= MIN_LINE_ASPECT) {
                rows.add(row);
            }
        }
        return stack(rows);
    }

    /** Joins boxes that sit side by side on one text row (a line cut at a dash or a wide gap). */
    static List<TextBox> joinRows(List<TextBox> boxes) {
        List<TextBox> rows = new ArrayList<>(boxes);
        rows.sort(Comparator.comparingDouble(TextBox::left));
        boolean joined = true;
        while (joined) {
            joined = false;
            outer:
            for (int i = 0; i < rows.size(); i++) {
                for (int j = i + 1; j < rows.size(); j++) {
                    if (sameRow(rows.get(i), rows.get(j))) {
                        TextBox a = rows.get(i);
                        TextBox b = rows.remove(j);
                        Point[] all = new Point[8];
                        System.arraycopy(a.corners(), 0, all, 0, 4);
                        System.arraycopy(b.corners(), 0, all, 4, 4);
                        double score = (a.score() * a.width() + b.score() * b.width()) / (a.width() + b.width());
                        rows.set(i, TextBox.around(all, score));
                        joined = true;
                        break outer;
                    }
                }
            }
        }
        return rows;
    }

    private static boolean sameRow(TextBox a, TextBox b) {
        double overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        double minHeight = Math.min(a.height(), b.height());
        double maxHeight = Math.max(a.height(), b.height());
        double gap = Math.max(a.left(), b.left()) - Math.min(a.right(), b.right());
        return overlap >= 0.6 * minHeight && minHeight >= 0.6 * maxHeight && gap <= 0.8 * maxHeight;
    }

    /**
     * Pairs each row with the row right under it when they look like the two lines of one plate: similar height,
     * mostly the same horizontal extent, little space between. Rows left over are one-line candidates.
     */
    static List<PlateLines> stack(List<TextBox> rows) {
        List<TextBox> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(TextBox::centerY));
        boolean[] used = new boolean[sorted.size()];
        List<PlateLines> plates = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (used[i]) {
                continue;
            }
            TextBox top = sorted.get(i);
            int partner = -1;
            double bestGap = Double.MAX_VALUE;
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!used[j] && stacked(top, sorted.get(j))) {
                    double gap = Math.abs(sorted.get(j).top() - top.bottom());
                    if (gap < bestGap) {
                        bestGap = gap;
                        partner = j;
                    }
                }
            }
            used[i] = true;
            if (partner >= 0) {
                used[partner] = true;
                plates.add(new PlateLines(List.of(top, sorted.get(partner))));
            } else {
                plates.add(new PlateLines(List.of(top)));
            }
        }
        return plates;
    }

    private static boolean stacked(TextBox top, TextBox bottom) {
        double h = (top.height() + bottom.height()) / 2;
        double gap = bottom.top() - top.bottom();
        double overlapX = Math.min(top.right(), bottom.right()) - Math.max(top.left(), bottom.left());
        double narrower = Math.min(top.right() - top.left(), bottom.right() - bottom.left());
        double heightRatio = Math.min(top.height(), bottom.height()) / Math.max(top.height(), bottom.height());
        return bottom.centerY() > top.bottom() - 0.25 * h && gap <= 0.8 * h && overlapX >= 0.5 * narrower
                && heightRatio >= 0.55;
    }

    /**
     * Splits a row at the least text-probable horizontal line in its middle half when that valley is deep: then
     * the row is two lines the detector saw as one region. Returns the row unchanged otherwise.
     */
    static List<TextBox> splitAtValley(TextBox row, TextDetector.ProbabilityMap map) {
        Point[] c = row.corners();
        int samples = Math.max(8, (int) Math.round(row.height() * map.scaleY));
        double[] profile = new double[samples + 1];
        int across = Math.max(8, (int) Math.round(row.width() * map.scaleX));
        for (int s = 0; s <= samples; s++) {
            double f = (double) s / samples;
            Point left = lerp(c[0], c[3], f);
            Point right = lerp(c[1], c[2], f);
            double sum = 0;
            for (int k = 0; k <= across; k++) {
                Point p = lerp(left, right, (double) k / across);
                int x = (int) Math.min(map.width - 1, Math.max(0, Math.round(p.x * map.scaleX)));
                int y = (int) Math.min(map.height - 1, Math.max(0, Math.round(p.y * map.scaleY)));
                sum += map.at(x, y);
            }
            profile[s] = sum / (across + 1);
        }
        int from = samples / 4;
        int to = samples - samples / 4;
        int valley = from;
        for (int s = from; s <= to; s++) {
            if (profile[s] < profile[valley]) {
                valley = s;
            }
        }
        double upperPeak = 0;
        double lowerPeak = 0;
        for (int s = 0; s < valley; s++) {
            upperPeak = Math.max(upperPeak, profile[s]);
        }
        for (int s = valley + 1; s <= samples; s++) {
            lowerPeak = Math.max(lowerPeak, profile[s]);
        }
        if (profile[valley] > 0.5 * Math.min(upperPeak, lowerPeak)) {
            return List.of(row);
        }
        double f = (double) valley / samples;
        Point midLeft = lerp(c[0], c[3], f);
        Point midRight = lerp(c[1], c[2], f);
        return List.of(new TextBox(new Point[] {c[0], c[1], midRight, midLeft}, row.score()),
                new TextBox(new Point[] {midLeft, midRight, c[2], c[3]}, row.score()));
    }

    private static Point lerp(Point a, Point b, double f) {
        return new Point(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
    }
}
