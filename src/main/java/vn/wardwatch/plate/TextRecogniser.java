package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import vn.wardwatch.detect.ImagePreprocessor;

/**
 * PaddleOCR's PP-OCRv4 line recogniser (CTC) decoded greedily but restricted to what a plate can hold: digits and
 * Latin letters (lower case counted as upper case) plus separators, which take up frames but are not characters of
 * the plate. Restricting matters: the model's dictionary has 6,600 mostly Chinese characters, and a worn plate
 * character easily comes out as one of them.
 */
final class TextRecogniser implements AutoCloseable {

    static final int HEIGHT = 48;
    /** The network halves the width three times: one output frame per 8 input columns. */
    static final int WIDTH_STEP = 8;
    private static final float[] MEAN = {127.5f, 127.5f, 127.5f};
    private static final float[] STD = {127.5f, 127.5f, 127.5f};
    private static final String SEPARATORS = "-.·:—";
    /** Columns of background between lines read in one run: two output frames, room for blanks. */
    static final int GAP = 2 * WIDTH_STEP;

    private final OcrSession session;
    /** For each output class: index into {@link Glyph#ALPHABET}, or SEPARATOR, or OTHER; class 0 is the blank. */
    private final int[] classes;
    private static final int BLANK = -1;
    private static final int SEPARATOR = -2;
    private static final int OTHER = -3;

    TextRecogniser() {
        List<String> dictionary = PaddleOcrModels.dictionary();
        // Class 0 = blank, class i = dictionary line i - 1, the last class = space (a separator here).
        classes = new int[dictionary.size() + 2];
        classes[0] = BLANK;
        for (int i = 0; i < dictionary.size(); i++) {
            classes[i + 1] = classify(dictionary.get(i));
        }
        classes[classes.length - 1] = SEPARATOR;
        this.session = new OcrSession(PaddleOcrModels.RECOGNISER);
    }

    private static int classify(String entry) {
        if (entry.length() != 1) {
            return OTHER;
        }
        char c = entry.charAt(0);
        if (SEPARATORS.indexOf(c) >= 0) {
            return SEPARATOR;
        }
        int i = Glyph.ALPHABET.indexOf(Character.toUpperCase(c));
        return c < 128 && i >= 0 ? i : OTHER;
    }

    /** The input width for a line of this size: its aspect ratio at height 48, at least one character wide. */
    static int inputWidth(int lineWidth, int lineHeight, int maxWidth) {
        int w = (int) Math.ceil(HEIGHT * (double) lineWidth / Math.max(1, lineHeight));
        w = (w + WIDTH_STEP - 1) / WIDTH_STEP * WIDTH_STEP;
        return Math.max(HEIGHT, Math.min(maxWidth, w));
    }

    /** Reads one upright text line (BGR) stretched to 48 x {@code width}. */
    List<Glyph> read(Mat line, int width) {
        return read(List.of(line), new int[] {width}).get(0);
    }

    /**
     * Reads several upright lines (a two-line plate's) in one run: each is stretched to 48 x its width and they are
     * laid side by side with a gap of background between them; the output frames are then split at the gaps. One
     * run instead of two saves the network's fixed cost per run.
     */
    List<List<Glyph>> read(List<Mat> lines, int[] widths) {
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        total += GAP * (lines.size() - 1);
        Mat strip = new Mat(HEIGHT, total, org.opencv.core.CvType.CV_8UC3);
        int[] boundaries = new int[lines.size() + 1];
        try {
            int x = 0;
            for (int i = 0; i < lines.size(); i++) {
                Mat part = strip.colRange(x, x + widths[i]);
                // Area averaging: lines are usually shrunk, and plain interpolation would alias thin strokes away.
                Imgproc.resize(lines.get(i), part, new Size(widths[i], HEIGHT), 0, 0, Imgproc.INTER_AREA);
                x += widths[i];
                if (i + 1 < lines.size()) {
                    strip.colRange(x, x + GAP).setTo(Core.mean(part.colRange(0, 1)));
                    x += GAP;
                    boundaries[i + 1] = (x - GAP / 2) / WIDTH_STEP;
                }
                part.release();
            }
            float[] input = new float[3 * HEIGHT * total];
            ImagePreprocessor.stretchNormalized(strip, total, HEIGHT, MEAN, STD, input);
            OcrSession.Output output = session.run(input, new long[] {1, 3, HEIGHT, total});
            float[] probs = output.values();
            long[] shape = output.shape();
            if (shape.length != 3 || shape[2] != classes.length) {
                throw new IllegalStateException("text recogniser output " + Arrays.toString(shape)
                        + " does not fit its " + classes.length + "-class dictionary");
            }
            boundaries[lines.size()] = (int) shape[1];
            List<List<Glyph>> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                out.add(decode(probs, boundaries[i], boundaries[i + 1], classes.length));
            }
            return out;
        } finally {
            strip.release();
        }
    }

    /**
     * Greedy CTC over the plate alphabet: in each frame the winner among blank, separator and each plate character
     * (other dictionary classes ignored); runs of the same winner are one emission; blanks and separators emit
     * nothing.
     */
    private List<Glyph> decode(float[] probs, int fromFrame, int toFrame, int numClasses) {
        List<Glyph> glyphs = new ArrayList<>();
        int alphabet = Glyph.ALPHABET.length();
        int previous = BLANK;
        double[] run = null;
        double runBest = 0;
        int runFrames = 0;
        for (int t = fromFrame; t < toFrame; t++) {
            int base = t * numClasses;
            double[] frame = new double[alphabet];
            double blank = probs[base];
            double separator = 0;
            for (int k = 1; k < numClasses; k++) {
                int c = classes[k];
                if (c >= 0) {
                    frame[c] += probs[base + k];
                } else if (c == SEPARATOR) {
                    separator = Math.max(separator, probs[base + k]);
                }
            }
            int winner = BLANK;
            double best = blank;
            if (separator > best) {
                winner = SEPARATOR;
                best = separator;
            }
            for (int c = 0; c < alphabet; c++) {
                if (frame[c] > best) {
                    winner = c;
                    best = frame[c];
                }
            }
            if (winner >= 0 && winner == previous) {
                for (int c = 0; c < alphabet; c++) {
                    run[c] = Math.max(run[c], frame[c]);
                }
                runBest = Math.max(runBest, best);
                runFrames++;
            } else {
                if (previous >= 0) {
                    glyphs.add(new Glyph(Glyph.ALPHABET.charAt(previous), Math.min(1, runBest), run, runFrames));
                }
                run = winner >= 0 ? frame : null;
                runBest = best;
                runFrames = 1;
            }
            previous = winner;
        }
        if (previous >= 0) {
            glyphs.add(new Glyph(Glyph.ALPHABET.charAt(previous), Math.min(1, runBest), run, runFrames));
        }
        return glyphs;
    }

    @Override
    public void close() {
        session.close();
    }
}
