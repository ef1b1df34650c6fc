package vn.wardwatch.plate;

import java.util.List;
import vn.wardwatch.detect.BoundingBox;

/**
 * One reading of one plate on one image.
 *
 * @param text the plate in canonical form (see {@code PlateGrammar}); kept even when it fails the grammar
 * @param characters the plate's characters without separators, top line first (what voting compares)
 * @param characterConfidences one confidence in [0, 1] per entry of {@code characters}
 * @param layout one or two lines
 * @param colour background colour class
 * @param confidence confidence of the whole read in [0, 1]
 * @param valid whether the text satisfies the Vietnamese plate grammar
 * @param box where the plate is, in the pixels of the image that was read
 */
public record PlateRead(
        String text,
        String characters,
        List<Double> characterConfidences,
        PlateLayout layout,
        PlateColour colour,
        double confidence,
        boolean valid,
        BoundingBox box) {

    public PlateRead {
        characterConfidences = List.copyOf(characterConfidences);
        if (characterConfidences.size() != characters.length()) {
            throw new IllegalArgumentException("one confidence per character expected: " + characters.length()
                    + " characters, " + characterConfidences.size() + " confidences");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
    }
}
