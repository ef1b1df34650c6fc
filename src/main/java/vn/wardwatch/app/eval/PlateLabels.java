package vn.wardwatch.app.eval;

import java.util.ArrayList;
import java.util.List;

/** Reads plates-vn's {@code labels.csv}: a header {@code file,plate,lines}, then one plate crop per row. */
public final class PlateLabels {

    /** One labelled crop: the plate as printed (lines separated by one space) and its number of lines. */
    public record Label(String file, String plate, int lines) {
    }

    private PlateLabels() {
    }

    /** Parses the rows; a malformed row is an error naming its line number. Blank lines are skipped. */
    public static List<Label> parse(List<String> rows) {
        if (rows.isEmpty() || !rows.get(0).strip().equals("file,plate,lines")) {
            throw new IllegalArgumentException("line 1: expected the header 'file,plate,lines'");
        }
        List<Label> labels = new ArrayList<>();
        for (int n = 1; n < rows.size(); n++) {
            String row = rows.get(n).strip();
            if (row.isEmpty()) {
                continue;
            }
            String[] f = row.split(",", -1);
            if (f.length != 3 || f[0].isBlank() || f[1].isBlank()) {
                throw new IllegalArgumentException("line " + (n + 1) + ": expected 'file,plate,lines', got '" + row
                        + "'");
            }
            int lines;
            try {
                lines = Integer.parseInt(f[2].strip());
            } catch (NumberFormatException e) {
                lines = -1;
            }
            if (lines != 1 && lines != 2) {
                throw new IllegalArgumentException("line " + (n + 1) + ": lines must be 1 or 2, got '" + f[2] + "'");
            }
            labels.add(new Label(f[0].strip(), f[1].strip(), lines));
        }
        return labels;
    }
}
