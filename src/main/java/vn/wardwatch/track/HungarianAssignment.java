package vn.wardwatch.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (Hungarian method with potentials, O(n^2 m)). Rectangular matrices
 * are allowed: the smaller side is fully assigned.
 *
 * <p>Used instead of greedy best-IoU matching because in dense motorbike traffic one detection often overlaps two
 * predicted boxes; greedy gives it to whichever pair is best locally and can leave the other track unmatched, while
 * the optimal assignment maximises the total overlap. At a few hundred boxes per frame it costs well under a
 * millisecond.
 */
final class HungarianAssignment {

    private HungarianAssignment() {
    }

    /** For each row the assigned column, or -1 when the row is left over (more rows than columns). */
    static int[] solve(double[][] cost) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        if (rows > cols) {
            int[] colToRow = solve(transpose(cost));
            for (int c = 0; c < cols; c++) {
                if (colToRow[c] >= 0) {
                    result[colToRow[c]] = c;
                }
            }
            return result;
        }
        // Classic formulation with 1-based indices; column 0 is a virtual start column.
        double[] u = new double[rows + 1];
        double[] v = new double[cols + 1];
        int[] rowOfCol = new int[cols + 1];
        int[] way = new int[cols + 1];
        for (int i = 1; i <= rows; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            double[] minv = new double[cols + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[cols + 1];
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= cols; j++) {
                    if (!used[j]) {
                        double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= cols; j++) {
            if (rowOfCol[j] != 0) {
                result[rowOfCol[j] - 1] = j - 1;
            }
        }
        return result;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }
}
