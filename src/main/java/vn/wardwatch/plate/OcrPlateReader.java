package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.detect.BoundingBox;

/**
 * Reads Vietnamese plates with PaddleOCR PP-OCRv4 on ONNX Runtime: the DB text detector finds text lines, {@link
 * LineGrouper} makes one- and two-line plate candidates of them, each line is cut out upright and read by the
 * recogniser, and {@link PlateGrammar} chooses the characters. One thread per instance; not thread-safe.
 */
public final class OcrPlateReader implements PlateReader {

    private static final Logger LOG = LoggerFactory.getLogger(OcrPlateReader.class);

    /**
     * Tuning of the reader.
     *
     * @param cropSide long side (pixels) of the detector input for the first look at an image: small, because a
     *     plate crop fills the image and its characters are large
     * @param closeUpSide long side of the second look, for a plate crop that the first did not read
     * @param sceneSide longest side of the detector input for a whole scene
     * @param vehicleSide longest side of the detector input for a vehicle crop
     * @param imagePad border added around an image or crop, as a share of its shorter side, so that text touching
     *     the edge is still seen whole
     * @param linePad extra room left and right of each line, in line heights: a box cut too tight loses the first
     *     or last character
     * @param widthScale recogniser input width as a share of the line's aspect ratio at height 48
     * @param maxWidth widest recogniser input
     * @param secondLookScale width scale of a second reading, taken when the first fails the grammar (0: never)
     */
    record Settings(int cropSide, int closeUpSide, int sceneSide, int vehicleSide, double imagePad, double linePad,
                    double widthScale, int maxWidth, double secondLookScale) {
        static final Settings DEFAULT = new Settings(96, 320, 960, 640, 0.15, 0.15, 0.7, 320, 1.0);
    }

    /** A vehicle box is grown by this share of its size on every side before cropping. */
    static final double VEHICLE_PAD = 0.1;
    /** A plate whose box covers this share of the image means the image is a plate crop: no scene pass needed. */
    static final double CROP_COVERAGE = 0.25;
    /** Share of the text box's width and height left out on each side when sampling the plate's colour. */
    static final double COLOUR_MARGIN_X = 0.08;
    static final double COLOUR_MARGIN_Y = 0.2;
    /** Reads at two sizes whose boxes overlap this much are of the same plate. */
    static final double SAME_PLATE_IOU = 0.3;
    private static final Comparator<PlateRead> BETTER = Comparator.comparing((PlateRead p) -> !p.valid())
            .thenComparing(Comparator.comparingDouble(PlateRead::confidence).reversed());
    /** Fewer characters than this is not a plate. */
    static final int MIN_CHARACTERS = 4;
    /** Reads that fail the grammar keep this share of their confidence: a valid read of equal quality ranks first. */
    static final double INVALID_FACTOR = 0.5;

    private final Settings settings;
    private final TextDetector detector;
    private final TextRecogniser recogniser;

    public OcrPlateReader() {
        this(Settings.DEFAULT);
    }

    OcrPlateReader(Settings settings) {
        this.settings = settings;
        this.detector = new TextDetector();
        try {
            this.recogniser = new TextRecogniser();
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    @Override
    public List<PlateRead> read(Mat frame, BoundingBox vehicle) {
        checkImage(frame);
        BoundingBox padded = vehicle.grown(VEHICLE_PAD).clip(frame.cols(), frame.rows());
        Rect r = new Rect((int) Math.floor(padded.x()), (int) Math.floor(padded.y()),
                (int) Math.ceil(padded.width()), (int) Math.ceil(padded.height()));
        r.width = Math.min(r.width, frame.cols() - r.x);
        r.height = Math.min(r.height, frame.rows() - r.y);
        if (r.width < LineGrouper.MIN_LINE_HEIGHT || r.height < LineGrouper.MIN_LINE_HEIGHT) {
            return List.of();
        }
        Mat crop = frame.submat(r);
        try {
            List<PlateRead> reads = readAt(crop, settings.vehicleSide());
            List<PlateRead> moved = new ArrayList<>(reads.size());
            for (PlateRead p : reads) {
                BoundingBox b = p.box();
                moved.add(withBox(p, new BoundingBox(b.x() + r.x, b.y() + r.y, b.width(), b.height())));
            }
            return moved;
        } finally {
            crop.release();
        }
    }

    @Override
    public List<PlateRead> readImage(Mat image) {
        checkImage(image);
        // Small looks first: a plate crop is read at the first size where a valid plate fills much of the image;
        // only an image that is no plate crop (a scene) pays for the look at scene size.
        List<PlateRead> merged = new ArrayList<>();
        double imageArea = (double) image.cols() * image.rows();
        int longSide = Math.max(image.cols(), image.rows());
        for (int side : new int[] {settings.cropSide(), settings.closeUpSide(), settings.sceneSide()}) {
            List<PlateRead> reads = readAt(image, side);
            if (reads.stream().anyMatch(p -> p.valid() && p.box().area() >= CROP_COVERAGE * imageArea)) {
                return reads;
            }
            for (PlateRead p : reads) {
                // The same plate seen at two sizes: keep the better read (valid first, then more confident).
                int same = -1;
                for (int i = 0; i < merged.size() && same < 0; i++) {
                    same = merged.get(i).box().iou(p.box()) > SAME_PLATE_IOU ? i : -1;
                }
                if (same < 0) {
                    merged.add(p);
                } else if (BETTER.compare(p, merged.get(same)) < 0) {
                    merged.set(same, p);
                }
            }
            if (side >= longSide) {
                break; // the image has been seen at full resolution
            }
        }
        merged.sort(Comparator.comparingDouble(PlateRead::confidence).reversed());
        return merged;
    }

    /** Detects with the image's long side scaled to about {@code side}, then reads every plate candidate. */
    private List<PlateRead> readAt(Mat image, int side) {
        int pad = (int) Math.round(settings.imagePad() * Math.min(image.cols(), image.rows()));
        Mat padded = new Mat();
        try {
            Core.copyMakeBorder(image, padded, pad, pad, pad, pad, Core.BORDER_REPLICATE);
            double scale = Math.min(1.0 * side / Math.max(padded.cols(), padded.rows()), 4.0);
            int w = roundTo32(padded.cols() * scale);
            int h = roundTo32(padded.rows() * scale);
            TextDetector.ProbabilityMap map = detector.probabilities(padded, w, h);
            List<PlateLines> candidates = LineGrouper.group(TextDetector.boxes(map), map);
            List<PlateRead> reads = new ArrayList<>();
            for (PlateLines candidate : candidates) {
                PlateRead read = readCandidate(padded, candidate);
                if (read != null) {
                    BoundingBox b = read.box();
                    reads.add(withBox(read, new BoundingBox(b.x() - pad, b.y() - pad, b.width(), b.height())
                            .clip(image.cols(), image.rows())));
                }
            }
            reads.sort(Comparator.comparingDouble(PlateRead::confidence).reversed());
            return reads;
        } finally {
            padded.release();
        }
    }

    /** Recognises each line of the candidate and lets the grammar choose; null when it holds too little text. */
    private PlateRead readCandidate(Mat image, PlateLines candidate) {
        List<Mat> uprights = new ArrayList<>();
        List<List<Glyph>> read;
        try {
            for (TextBox line : candidate.lines()) {
                uprights.add(upright(image, line));
            }
            read = recogniser.read(uprights, widths(uprights, settings.widthScale()));
            if (settings.secondLookScale() > 0) {
                read = secondLook(read, uprights);
            }
        } finally {
            uprights.forEach(Mat::release);
        }
        List<List<Glyph>> lines = nonEmpty(read);
        if (lines.stream().mapToInt(List::size).sum() < MIN_CHARACTERS) {
            return null;
        }
        PlateGrammar.Parse parse = PlateGrammar.choose(lines);
        BoundingBox box = candidate.bounds().clip(image.cols(), image.rows());
        PlateColour colour = colour(image, box);
        double confidence = confidence(parse.confidences(), candidate.score(), parse.valid());
        LOG.debug("plate candidate {} lines -> {} ({}), confidence {}", lines.size(), parse.text(),
                parse.valid() ? "valid" : "invalid", confidence);
        return new PlateRead(parse.text(), parse.characters(), parse.confidences(), parse.layout(), colour,
                confidence, parse.valid(), box);
    }

    /**
     * A narrow input is fast but can squeeze characters together: two equal characters seen as one long run of
     * frames (55 read as 5), or a character lost. When the read fails the grammar or a glyph lasted more than
     * twice as many frames as the line's typical glyph, the lines are read again wider, and the wider reading is
     * taken if it passes the grammar.
     */
    private List<List<Glyph>> secondLook(List<List<Glyph>> read, List<Mat> uprights) {
        if (PlateGrammar.choose(nonEmpty(read)).valid() && read.stream().noneMatch(OcrPlateReader::hasLongRun)) {
            return read;
        }
        List<List<Glyph>> wider = recogniser.read(uprights, widths(uprights, settings.secondLookScale()));
        return PlateGrammar.choose(nonEmpty(wider)).valid() ? wider : read;
    }

    /** Whether a glyph of the line lasted over twice the line's median glyph length (and at least 3 frames). */
    static boolean hasLongRun(List<Glyph> line) {
        if (line.size() < 3) {
            return false;
        }
        int[] frames = line.stream().mapToInt(Glyph::frames).sorted().toArray();
        int median = frames[frames.length / 2];
        return frames[frames.length - 1] >= Math.max(3, 2 * median + 1);
    }

    private int[] widths(List<Mat> lines, double scale) {
        int[] widths = new int[lines.size()];
        for (int i = 0; i < widths.length; i++) {
            Mat line = lines.get(i);
            widths[i] = TextRecogniser.inputWidth((int) Math.round(line.cols() * scale), line.rows(),
                    settings.maxWidth());
        }
        return widths;
    }

    private static List<List<Glyph>> nonEmpty(List<List<Glyph>> lines) {
        List<List<Glyph>> kept = lines.stream().filter(l -> !l.isEmpty()).toList();
        return kept.isEmpty() ? List.of(List.of()) : kept;
    }

    /**
     * Whole-read confidence: geometric mean of the character confidences times the detector's text score, halved
     * for a read that fails the grammar.
     */
    static double confidence(List<Double> characterConfidences, double detectorScore, boolean valid) {
        double logSum = 0;
        for (double c : characterConfidences) {
            logSum += Math.log(Math.max(1e-6, c));
        }
        double mean = characterConfidences.isEmpty() ? 0 : Math.exp(logSum / characterConfidences.size());
        double c = mean * Math.max(0, Math.min(1, detectorScore)) * (valid ? 1 : INVALID_FACTOR);
        return Math.max(0, Math.min(1, c));
    }

    /** The line cut out along its own baseline (deskewed), widened by the line padding on both ends. */
    private Mat upright(Mat image, TextBox line) {
        Point[] c = line.corners();
        double w = line.width();
        double h = line.height();
        double pad = settings.linePad() * h;
        // Unit vector along the baseline: widening follows the line's tilt.
        double ux = ((c[1].x - c[0].x) + (c[2].x - c[3].x)) / (2 * w);
        double uy = ((c[1].y - c[0].y) + (c[2].y - c[3].y)) / (2 * w);
        Point[] src = {
            new Point(c[0].x - ux * pad, c[0].y - uy * pad), new Point(c[1].x + ux * pad, c[1].y + uy * pad),
            new Point(c[2].x + ux * pad, c[2].y + uy * pad), new Point(c[3].x - ux * pad, c[3].y - uy * pad)};
        // Cut out at no more than twice the recogniser's height: a large line costs warping time for nothing.
        double scale = Math.min(1, 2.0 * TextRecogniser.HEIGHT / Math.max(1, h));
        int outW = Math.max(1, (int) Math.round((w + 2 * pad) * scale));
        int outH = Math.max(1, (int) Math.round(h * scale));
        Point[] dst = {new Point(0, 0), new Point(outW, 0), new Point(outW, outH), new Point(0, outH)};
        MatOfPoint2f from = new MatOfPoint2f(src);
        MatOfPoint2f to = new MatOfPoint2f(dst);
        Mat transform = Imgproc.getPerspectiveTransform(from, to);
        Mat out = new Mat();
        try {
            Imgproc.warpPerspective(image, out, transform, new Size(outW, outH), Imgproc.INTER_LINEAR,
                    Core.BORDER_REPLICATE);
            return out;
        } finally {
            from.release();
            to.release();
            transform.release();
        }
    }

    /**
     * Colour class from the middle of the text box: the detector's box reaches past the text by a margin that, on a
     * plate in a scene, is often the car around it rather than the plate.
     */
    private static PlateColour colour(Mat image, BoundingBox box) {
        double mx = box.width() * COLOUR_MARGIN_X;
        double my = box.height() * COLOUR_MARGIN_Y;
        Rect r = new Rect((int) (box.x() + mx), (int) (box.y() + my), Math.max(1, (int) (box.width() - 2 * mx)),
                Math.max(1, (int) (box.height() - 2 * my)));
        r.width = Math.min(r.width, image.cols() - r.x);
        r.height = Math.min(r.height, image.rows() - r.y);
        if (r.width <= 0 || r.height <= 0) {
            return PlateColour.UNKNOWN;
        }
        Mat roi = image.submat(r);
        try {
            return PlateColourClassifier.classify(roi);
        } finally {
            roi.release();
        }
    }

    private static PlateRead withBox(PlateRead p, BoundingBox box) {
        return new PlateRead(p.text(), p.characters(), p.characterConfidences(), p.layout(), p.colour(),
                p.confidence(), p.valid(), box);
    }

    private static int roundTo32(double v) {
        return Math.max(32, (int) Math.round(v / 32) * 32);
    }

    private static void checkImage(Mat image) {
        if (image.empty() || image.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected a non-empty 8-bit BGR image, got " + image);
        }
    }

    @Override
    public void close() {
        try {
            detector.close();
        } finally {
            recogniser.close();
        }
    }
}
