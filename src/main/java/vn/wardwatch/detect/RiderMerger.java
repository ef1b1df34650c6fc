package vn.wardwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges riders into their two-wheelers. COCO detectors box a motorbike and the person on it apart; traffic labels
 * (and counting) want one object, rider and bike together. Each motorbike or bicycle takes the person boxes that sit
 * on it and becomes one detection whose box covers them all, with {@link Detection#riders()} = how many joined.
 * Persons that sit on no bike stay persons (pedestrians). Measured on scenes-vn (MODELS.md): the
 * largest single gain in motorbike AP, at no measurable cost.
 *
 * <p>A person sits on a bike when all of these hold:
 * <ul>
 *   <li>its score is at least {@link #MIN_PERSON_SCORE}: detections are asked for down to 0.05 (for AP and the
 *       tracker's low pass), and such weak person boxes are mostly body parts or duplicates that would stretch the
 *       bike's box and inflate the rider count;</li>
 *   <li>most of its width is over the bike ({@link #MIN_HORIZONTAL_OVERLAP} of the person's width);</li>
 *   <li>its lower half overlaps the bike box ({@link #MIN_LOWER_HALF_COVER} of the lower half's area): legs and
 *       seat are on the bike;</li>
 *   <li>its centre is above the bike's centre: it rides the bike, it is not behind or under it.</li>
 * </ul>
 * A person that fits several bikes joins the one that covers most of its lower half (ties: the higher-scoring bike).
 *
 * <p>The merged detection scores the noisy-or of the bike's score and its best rider's, {@code 1 - (1 - bike) *
 * (1 - rider)}: a bike box and a person riding it are two pieces of evidence for the same road user, and in dense
 * traffic both are usually weak (a half-hidden bike, a small rider). Measured on scenes-vn with CenterNet 448
 * (two-wheeler = motorbike + bicycle, docs/PERFORMANCE.md): motorbike AP50 0.34 with the maximum of the two scores,
 * 0.42 with the noisy-or, which ranks rider-and-bike pairs above lone bike boxes (mostly parked bikes) and lone
 * persons; NanoDet 416: 0.32 and 0.33. The noisy-or lifts scores, so the example configuration sets a higher
 * motorbike and bicycle threshold (0.45) for counting. The cost: a pedestrian standing over a weak false bike box
 * becomes a confident motorbike; the geometry above keeps that rare.
 */
public final class RiderMerger {

    /** Weaker person boxes never join a bike (MODELS.md: 0.1-0.2 measured as the useful range). */
    public static final double MIN_PERSON_SCORE = 0.15;

    /** Part of the person's width that must lie within the bike's horizontal extent. */
    static final double MIN_HORIZONTAL_OVERLAP = 0.5;

    /** Part of the person's lower half (by area) that must lie inside the bike box. */
    static final double MIN_LOWER_HALF_COVER = 0.2;

    private RiderMerger() {
    }

    public static boolean isTwoWheeler(ObjectClass c) {
        return c == ObjectClass.MOTORBIKE || c == ObjectClass.BICYCLE;
    }

    /**
     * The detections with riders merged into their bikes: merged bikes replace bike and riders, everything else is
     * passed through unchanged. The result is sorted by score, highest first.
     */
    public static List<Detection> merge(List<Detection> detections) {
        List<Detection> bikes = new ArrayList<>();
        for (Detection d : detections) {
            if (isTwoWheeler(d.objectClass())) {
                bikes.add(d);
            }
        }
        List<List<Detection>> ridersOf = new ArrayList<>();
        bikes.forEach(b -> ridersOf.add(new ArrayList<>()));

        List<Detection> out = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            if (isTwoWheeler(d.objectClass())) {
                continue; // added below, with its riders
            }
            int bike = d.objectClass() == ObjectClass.PERSON ? bestBike(d, bikes) : -1;
            if (bike >= 0) {
                ridersOf.get(bike).add(d);
            } else {
                out.add(d);
            }
        }
        for (int i = 0; i < bikes.size(); i++) {
            out.add(withRiders(bikes.get(i), ridersOf.get(i)));
        }
        out.sort(Comparator.comparingDouble(Detection::score).reversed());
        return out;
    }

    /** Index of the bike {@code person} rides, or -1. */
    static int bestBike(Detection person, List<Detection> bikes) {
        if (person.score() < MIN_PERSON_SCORE) {
            return -1;
        }
        int best = -1;
        double bestCover = 0;
        for (int i = 0; i < bikes.size(); i++) {
            double cover = ridingFit(person.box(), bikes.get(i).box());
            if (cover > bestCover || (cover == bestCover && cover > 0
                    && bikes.get(i).score() > bikes.get(best).score())) {
                best = i;
                bestCover = cover;
            }
        }
        return best;
    }

    /** How well {@code person} sits on {@code bike}: the covered part of its lower half, or 0 when it does not. */
    static double ridingFit(BoundingBox person, BoundingBox bike) {
        if (person.width() <= 0 || person.height() <= 0) {
            return 0;
        }
        double overlapX = Math.min(person.right(), bike.right()) - Math.max(person.x(), bike.x());
        if (overlapX < MIN_HORIZONTAL_OVERLAP * person.width()) {
            return 0;
        }
        if (person.centerY() >= bike.centerY()) {
            return 0;
        }
        double halfTop = person.centerY();
        double overlapY = Math.min(person.bottom(), bike.bottom()) - Math.max(halfTop, bike.y());
        if (overlapY <= 0) {
            return 0;
        }
        double cover = overlapX * overlapY / (person.width() * (person.bottom() - halfTop));
        return cover >= MIN_LOWER_HALF_COVER ? cover : 0;
    }

    private static Detection withRiders(Detection bike, List<Detection> riders) {
        if (riders.isEmpty()) {
            return bike;
        }
        BoundingBox b = bike.box();
        double x1 = b.x();
        double y1 = b.y();
        double x2 = b.right();
        double y2 = b.bottom();
        double bestRider = 0;
        for (Detection r : riders) {
            bestRider = Math.max(bestRider, r.score());
            x1 = Math.min(x1, r.box().x());
            y1 = Math.min(y1, r.box().y());
            x2 = Math.max(x2, r.box().right());
            y2 = Math.max(y2, r.box().bottom());
        }
        double score = 1 - (1 - bike.score()) * (1 - bestRider);
        return new Detection(bike.objectClass(), score, BoundingBox.fromCorners(x1, y1, x2, y2),
                bike.riders() + riders.size());
    }
}
