package vn.wardwatch.app;

import java.util.List;

/** Percentiles of benchmark samples, by nearest rank. */
final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p}-th percentile (0-100] of {@code sorted}, which is sorted ascending and not empty. */
    static double of(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
