package vn.wardwatch.app.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;

/**
 * The arithmetic of detection evaluation for one class: greedy matching of detections to labelled boxes in one
 * image, counts at a score threshold, and average precision over many images (PASCAL VOC 2010+ style).
 */
public final class DetectionMatcher {

    /** One detection after matching: its score and whether it found a labelled box of its own. */
    public record Scored(double score, boolean truePositive) {
    }

    /** True positives, false positives and false negatives at one score threshold. */
    public record Counts(int tp, int fp, int fn) {

        public double precision() {
            return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
        }
    }

    private DetectionMatcher() {
    }

    /**
     * Greedy matching in one image: detections are taken highest score first, and each one claims the still
     * unclaimed labelled box it overlaps most, if that IoU is at least {@code minIou}; otherwise (no overlap, or a
     * duplicate of an already claimed box) it is a false positive. Because higher scores choose first, the
     * matches of the detections above any threshold do not depend on the detections below it, so one matching at
     * the lowest score serves both the counts and the AP.
     *
     * @return one entry per detection, highest score first
     */
    public static List<Scored> match(List<BoundingBox> truths, List<Detection> detections, double minIou) {
        List<Detection> ranked = new ArrayList<>(detections);
        ranked.sort(Comparator.comparingDouble(Detection::score).reversed());
        boolean[] claimed = new boolean[truths.size()];
        List<Scored> out = new ArrayList<>(ranked.size());
        for (Detection d : ranked) {
            int best = -1;
            double bestIou = minIou;
            for (int i = 0; i < truths.size(); i++) {
                double iou = claimed[i] ? 0 : truths.get(i).iou(d.box());
                if (iou >= bestIou && iou > 0) {
                    best = i;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                claimed[best] = true;
            }
            out.add(new Scored(d.score(), best >= 0));
        }
        return out;
    }

    /** Counts of the detections scoring at least {@code minScore} against {@code truthCount} labelled boxes. */
    public static Counts count(List<Scored> scored, int truthCount, double minScore) {
        int tp = 0;
        int fp = 0;
        for (Scored s : scored) {
            if (s.score() >= minScore) {
                if (s.truePositive()) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new Counts(tp, fp, truthCount - tp);
    }

    /**
     * All-point interpolated average precision: detections of all images ranked by score, precision made
     * non-increasing from the right (the best precision at this recall or any higher one), then summed over each
     * step of recall. NaN when there is nothing to find.
     */
    public static double averagePrecision(List<Scored> allImages, int truthCount) {
        if (truthCount <= 0) {
            return Double.NaN;
        }
        List<Scored> ranked = new ArrayList<>(allImages);
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        int n = ranked.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            if (ranked.get(i).truePositive()) {
                tp++;
            }
            precision[i] = (double) tp / (i + 1);
            recall[i] = (double) tp / truthCount;
        }
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < n; i++) {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }
}
