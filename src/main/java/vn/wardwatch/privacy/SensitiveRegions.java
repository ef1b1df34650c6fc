package vn.wardwatch.privacy;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.Detection;
import vn.wardwatch.detect.Detector;
import vn.wardwatch.detect.FrameDetector;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.detect.RiderMerger;
import vn.wardwatch.plate.TextRegions;

/**
 * Finds what must be hidden in a frame before a role without the right sees it: plates and faces.
 *
 * <p>Plates: every text line the PP-OCRv4 DB detector finds anywhere in the frame, padded. Any text is hidden, not
 * only text that reads as a plate: a plate the recogniser cannot read may still be readable by a person.
 *
 * <p>Faces: none of our models finds faces, and faces in traffic footage are a few pixels high, where face
 * detectors fail anyway. So the head of every person the object detector finds is hidden instead (privacy first:
 * hiding too much is acceptable, missing a face is not):
 * <ul>
 *   <li>a person box (pedestrian or rider, the detector boxes riders as persons too): its top
 *       {@value #HEAD_SHARE} of the height over the full width, padded;</li>
 *   <li>a motorbike or bicycle with riders merged ({@link RiderMerger}: the box covers bike and riders, the riders'
 *       heads at its top): its top {@value #RIDER_HEAD_SHARE};</li>
 *   <li>a motorbike or bicycle without a rider found: the band where a rider's head would be, from
 *       {@value #LONE_BIKE_ABOVE} of the bike's height above its box down into its top: the rider may be there
 *       and missed by the detector;</li>
 *   <li>a car, truck or bus: its top {@value #CABIN_SHARE} over the full width, where the windows are. A camera
 *       facing the traffic sees drivers through the windscreen and passengers through bus windows, and the detector
 *       finds almost none of them as persons. The lower part (bodywork, colour, the place of the plate) stays.</li>
 * </ul>
 * Persons and bikes count down to low scores ({@value #PERSON_MIN_SCORE}, {@value #BIKE_MIN_SCORE}) for the same
 * reason. Thread-safe when the detector is (the shared ONNX detector is).
 */
public final class SensitiveRegions implements RegionFinder, AutoCloseable {

    public static final double PERSON_MIN_SCORE = 0.15;
    static final double BIKE_MIN_SCORE = 0.2;
    static final double HEAD_SHARE = 0.22;
    static final double RIDER_HEAD_SHARE = 0.3;
    static final double LONE_BIKE_ABOVE = 0.7;
    static final double LONE_BIKE_INTO = 0.25;
    static final double CABIN_SHARE = 0.55;
    /** Vehicles are found reliably; weaker car boxes are mostly duplicates and shadows. */
    static final double VEHICLE_MIN_SCORE = 0.3;
    /** Head bands grow by this share of their own size on every side. */
    static final double HEAD_PAD = 0.15;
    /** Text lines grow by this share of their height on every side (a box cut tight leaves character edges). */
    static final double TEXT_PAD = 0.4;
    static final double MIN_TEXT_PAD_PIXELS = 3;

    private final FrameDetector objects;
    private final TextRegions text;

    /**
     * Text is looked for at the frame's own resolution: on a 640x480 frame that found an 8-pixel-high plate,
     * smaller than the plate reader can read, so a larger input (4x the time) or tiles are not needed.
     */
    public static final double TEXT_SCALE = 1.0;

    /** With its own text detector at {@link #TEXT_SCALE}; {@code detector} is shared and not closed here. */
    public SensitiveRegions(Detector detector) {
        this(detector, new TextRegions(TEXT_SCALE));
    }

    /** @param detector the configured object detector (shared; not closed here); {@code text} is closed here */
    public SensitiveRegions(Detector detector, TextRegions text) {
        // Unmerged: every person box, riders included, is seen; the bikes are merged below for the rider bands.
        this.objects = new FrameDetector(detector, false);
        this.text = text;
    }

    /** The regions to hide in {@code bgr}, in its pixels (not clipped to it). */
    @Override
    public List<BoundingBox> find(Mat bgr) {
        List<BoundingBox> boxes = new ArrayList<>(textBoxes(text.find(bgr)));
        boxes.addAll(heads(objects.detect(bgr, PERSON_MIN_SCORE)));
        return boxes;
    }

    static List<BoundingBox> textBoxes(List<BoundingBox> lines) {
        List<BoundingBox> out = new ArrayList<>(lines.size());
        for (BoundingBox b : lines) {
            double pad = Math.max(MIN_TEXT_PAD_PIXELS, TEXT_PAD * b.height());
            out.add(new BoundingBox(b.x() - pad, b.y() - pad, b.width() + 2 * pad, b.height() + 2 * pad));
        }
        return out;
    }

    /** Head and window regions of the persons, two-wheelers and vehicles among {@code detections} (unmerged). */
    static List<BoundingBox> heads(List<Detection> detections) {
        List<BoundingBox> out = new ArrayList<>();
        for (Detection d : detections) {
            if (d.objectClass() == ObjectClass.PERSON && d.score() >= PERSON_MIN_SCORE) {
                out.add(band(d.box(), 0, HEAD_SHARE));
            }
        }
        for (Detection d : detections) {
            if (d.objectClass().isVehicle() && !RiderMerger.isTwoWheeler(d.objectClass())
                    && d.score() >= VEHICLE_MIN_SCORE) {
                out.add(band(d.box(), 0, CABIN_SHARE));
            }
        }
        for (Detection d : RiderMerger.merge(detections)) {
            if (!RiderMerger.isTwoWheeler(d.objectClass()) || d.score() < BIKE_MIN_SCORE) {
                continue;
            }
            out.add(d.riders() > 0 ? band(d.box(), 0, RIDER_HEAD_SHARE)
                    : band(d.box(), -LONE_BIKE_ABOVE, LONE_BIKE_INTO));
        }
        return out;
    }

    /** The full-width band of {@code box} from {@code from} to {@code to} of its height below its top, padded. */
    static BoundingBox band(BoundingBox box, double from, double to) {
        BoundingBox b = new BoundingBox(box.x(), box.y() + from * box.height(), box.width(),
                (to - from) * box.height());
        return b.grown(HEAD_PAD);
    }

    @Override
    public void close() {
        text.close();
    }
}
