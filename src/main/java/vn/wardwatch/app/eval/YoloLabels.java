package vn.wardwatch.app.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vn.wardwatch.detect.BoundingBox;

/**
 * Reads YOLO label files: one object per line, {@code class cx cy w h} normalised to 0-1. Roboflow exports may also
 * hold polygon lines ({@code class x1 y1 x2 y2 ...}, normalised); those become the rectangle around their points.
 */
public final class YoloLabels {

    /** One labelled object in image pixels. */
    public record Label(int classId, BoundingBox box, boolean fromPolygon) {
    }

    private YoloLabels() {
    }

    /**
     * Parses the lines of one label file and scales them by the image's real size (frames of one data set need not
     * share a size). Blank lines are skipped; a malformed line is an error naming its line number.
     */
    public static List<Label> parse(List<String> lines, int imageWidth, int imageHeight) {
        List<Label> labels = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            // 5 fields: a box; an odd count of 7 or more: class plus at least 3 x/y points.
            if (f.length < 5 || (f.length > 5 && (f.length < 7 || f.length % 2 == 0))) {
                throw new IllegalArgumentException("line " + (n + 1) + ": expected 'class cx cy w h' or a polygon"
                        + " 'class x1 y1 x2 y2 x3 y3 ...', got " + f.length + " fields");
            }
            int classId;
            double[] v = new double[f.length - 1];
            try {
                classId = Integer.parseInt(f[0]);
                for (int i = 1; i < f.length; i++) {
                    v[i - 1] = Double.parseDouble(f[i]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": not a number: " + e.getMessage(), e);
            }
            BoundingBox box;
            boolean polygon = f.length > 5;
            if (!polygon) {
                box = new BoundingBox((v[0] - v[2] / 2) * imageWidth, (v[1] - v[3] / 2) * imageHeight,
                        v[2] * imageWidth, v[3] * imageHeight);
            } else {
                double x1 = Double.MAX_VALUE;
                double y1 = Double.MAX_VALUE;
                double x2 = -Double.MAX_VALUE;
                double y2 = -Double.MAX_VALUE;
                for (int i = 0; i < v.length; i += 2) {
                    x1 = Math.min(x1, v[i]);
                    x2 = Math.max(x2, v[i]);
                    y1 = Math.min(y1, v[i + 1]);
                    y2 = Math.max(y2, v[i + 1]);
                }
                box = BoundingBox.fromCorners(x1 * imageWidth, y1 * imageHeight, x2 * imageWidth, y2 * imageHeight);
            }
            labels.add(new Label(classId, box, polygon));
        }
        return labels;
    }

    /** Class names, line i naming class id i; lower-cased and stripped. Trailing blank lines are dropped. */
    public static List<String> classNames(List<String> lines) {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            names.add(line.strip().toLowerCase(Locale.ROOT));
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        return names;
    }
}
