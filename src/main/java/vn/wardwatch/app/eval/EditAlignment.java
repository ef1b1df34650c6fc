package vn.wardwatch.app.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Levenshtein alignment of a read against its label: the edit distance (for the character error rate) and the
 * edits themselves (for the confusion pairs that remain).
 */
public final class EditAlignment {

    /** Marks a missing character in an edit: a deletion reads {@code X -> _}, an insertion {@code _ -> X}. */
    public static final char NONE = '_';

    /** One edit: the label's character and what was read in its place. */
    public record Edit(char expected, char read) {

        @Override
        public String toString() {
            return expected + "->" + read;
        }
    }

    private EditAlignment() {
    }

    public static int distance(String expected, String read) {
        return edits(expected, read).size();
    }

    /** The edits of one cheapest alignment (substitutions preferred to a deletion plus an insertion). */
    public static List<Edit> edits(String expected, String read) {
        int n = expected.length();
        int m = read.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int sub = d[i - 1][j - 1] + (expected.charAt(i - 1) == read.charAt(j - 1) ? 0 : 1);
                d[i][j] = Math.min(sub, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (expected.charAt(i - 1) == read.charAt(j - 1) ? 0 : 1)) {
                if (expected.charAt(i - 1) != read.charAt(j - 1)) {
                    edits.add(new Edit(expected.charAt(i - 1), read.charAt(j - 1)));
                }
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                edits.add(new Edit(expected.charAt(i - 1), NONE));
                i--;
            } else {
                edits.add(new Edit(NONE, read.charAt(j - 1)));
                j--;
            }
        }
        java.util.Collections.reverse(edits);
        return edits;
    }
}
