package vn.wardwatch.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianAssignmentTest {

    @Test
    void beatsGreedyWhereGreedyIsWrong() {
        // Greedy takes the cheapest pair (0,0) first and is then forced into the expensive (1,1).
        double[][] cost = {{0.1, 0.2}, {0.15, 0.9}};
        assertArrayEquals(new int[] {1, 0}, HungarianAssignment.solve(cost));
    }

    @Test
    void moreRowsThanColumnsLeavesRowsOver() {
        double[][] cost = {{0.9}, {0.1}, {0.5}};
        assertArrayEquals(new int[] {-1, 0, -1}, HungarianAssignment.solve(cost));
    }

    @Test
    void emptyInputs() {
        assertArrayEquals(new int[0], HungarianAssignment.solve(new double[0][0]));
        assertArrayEquals(new int[] {-1, -1}, HungarianAssignment.solve(new double[2][0]));
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int rows = 1 + random.nextInt(5);
            int cols = 1 + random.nextInt(5);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int j = 0; j < cols; j++) {
                    row[j] = random.nextInt(4) == 0 ? 1.0 : random.nextDouble();
                }
            }
            int[] assigned = HungarianAssignment.solve(cost);
            assertEquals(bruteForce(cost), total(cost, assigned), 1e-9, "round " + round);
            assertEquals(Math.min(rows, cols), java.util.Arrays.stream(assigned).filter(j -> j >= 0).count());
        }
    }

    private static double total(double[][] cost, int[] assigned) {
        double sum = 0;
        boolean[] used = new boolean[cost[0].length];
        for (int i = 0; i < assigned.length; i++) {
            if (assigned[i] >= 0) {
                assertEquals(false, used[assigned[i]], "column used twice");
                used[assigned[i]] = true;
                sum += cost[i][assigned[i]];
            }
        }
        return sum;
    }

    /** Best total cost assigning min(rows, cols) pairs, by trying everything. */
    private static double bruteForce(double[][] cost) {
        return best(cost, 0, new boolean[cost[0].length], Math.min(cost.length, cost[0].length));
    }

    private static double best(double[][] cost, int row, boolean[] used, int pairsLeft) {
        if (pairsLeft == 0) {
            return 0;
        }
        if (cost.length - row < pairsLeft) {
            return Double.POSITIVE_INFINITY;
        }
        double result = best(cost, row + 1, used, pairsLeft); // row left unassigned
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                result = Math.min(result, cost[row][j] + best(cost, row + 1, used, pairsLeft - 1));
                used[j] = false;
            }
        }
        return result;
    }
}
