package vn.wardwatch.privacy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateRead;
import vn.wardwatch.plate.SyntheticPlates;
import vn.wardwatch.testsupport.Detectors;
import vn.wardwatch.testsupport.PlateReaders;

/**
 * Evaluation, not a test of the build: how many real Vietnamese plates ({@code ../shared/data/plates-vn}), set into
 * a 640x480 street picture at sizes a camera sees them, the real plate reader still reads after masking. Runs only
 * with {@code -Dprivacy.eval=true} and the data present; prints its figures.
 */
class PlateLeakEvalTest {

    static final Path DATA = Path.of("../shared/data/plates-vn");
    /** Every n-th labelled plate is used (the list mixes one- and two-line, car and motorbike, day and night). */
    static final int STEP = 7;
    static final int[] WIDTHS = {70, 100, 140};

    @TempDir
    Path work;

    @Test
    void realPlatesInAStreetPictureAreNotReadableAfterMasking() throws IOException {
        assumeTrue(Boolean.getBoolean("privacy.eval") && Files.isRegularFile(DATA.resolve("labels.csv")),
                "evaluation: run with -Dprivacy.eval=true and ../shared/data/plates-vn present");
        OcrPlateReader reader = PlateReaders.shared();
        Mat street = MaskingScene.picture(work, 3.0);
        List<String> rows = Files.readAllLines(DATA.resolve("labels.csv"), StandardCharsets.UTF_8);
        try (SensitiveRegions regions = new SensitiveRegions(Detectors.centerNet448())) {
            int[] tried = new int[WIDTHS.length];
            int[] readBefore = new int[WIDTHS.length];
            int[] readAfter = new int[WIDTHS.length];
            int[] anyTextAfter = new int[WIDTHS.length];
            double[] coverage = new double[WIDTHS.length];
            int[] underCovered = new int[WIDTHS.length];
            for (int i = 1; i < rows.size(); i += STEP) {
                String[] f = rows.get(i).split(",");
                String label = alnum(f[1]);
                Mat crop = Imgcodecs.imread(DATA.resolve("images").resolve(f[0]).toString());
                for (int w = 0; w < WIDTHS.length; w++) {
                    Mat plate = SyntheticPlates.scaled(crop, (double) WIDTHS[w] / crop.cols());
                    Mat scene = street.clone();
                    Rect at = new Rect(MaskingScene.PLATE_X, MaskingScene.PLATE_Y - 20, plate.cols(), plate.rows());
                    plate.copyTo(scene.submat(at));
                    tried[w]++;
                    if (!reads(reader.readImage(scene), label)) {
                        continue; // unreadable before: nothing to hide from the reader
                    }
                    readBefore[w]++;
                    List<BoundingBox> boxes = regions.find(scene);
                    double covered = MaskingScene.coverage(
                            List.of(new BoundingBox(at.x, at.y, at.width, at.height)), boxes);
                    coverage[w] += covered;
                    underCovered[w] += covered < 0.9 ? 1 : 0;
                    RegionBlur.apply(scene, boxes);
                    List<PlateRead> after = reader.readImage(scene);
                    readAfter[w] += reads(after, label) ? 1 : 0;
                    anyTextAfter[w] += after.stream().anyMatch(p -> p.box().iou(
                            new BoundingBox(at.x, at.y, at.width, at.height)) > 0.1) ? 1 : 0;
                    scene.release();
                    plate.release();
                }
                crop.release();
            }
            for (int w = 0; w < WIDTHS.length; w++) {
                System.out.printf("privacy eval: plates %d px wide: %d tried, %d read before masking, %d read"
                        + " after (%d with any text read in the plate's place); plate area covered by masks:"
                        + " %.1f%% on average, %d plates under 90%%%n", WIDTHS[w], tried[w], readBefore[w],
                        readAfter[w], anyTextAfter[w], readBefore[w] == 0 ? 0 : 100 * coverage[w] / readBefore[w],
                        underCovered[w]);
            }
        }
    }

    private static boolean reads(List<PlateRead> reads, String label) {
        return reads.stream().anyMatch(p -> alnum(p.text()).equals(label));
    }

    private static String alnum(String s) {
        return s.replace('Đ', 'D').replaceAll("[^A-Za-z0-9]", "");
    }
}
