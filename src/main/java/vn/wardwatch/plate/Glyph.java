package vn.wardwatch.plate;

/**
 * One character the recogniser emitted, with what else it could have been: the best probability each plate
 * character (0-9, A-Z) reached over the frames where this character was seen. The grammar uses those to choose the
 * best digit where a digit must stand and the best letter where a letter must. {@code frames} is how many output
 * frames in a row showed it.
 */
record Glyph(char best, double confidence, double[] alternatives, int frames) {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    Glyph {
        if (alternatives.length != ALPHABET.length()) {
            throw new IllegalArgumentException("one probability per plate character expected");
        }
    }

    /** The most probable character among {@code allowed}, or 0 when none has any probability. */
    char bestOf(String allowed) {
        char choice = 0;
        double p = -1;
        for (int i = 0; i < allowed.length(); i++) {
            char c = allowed.charAt(i);
            double q = probability(c);
            if (q > p) {
                p = q;
                choice = c;
            }
        }
        return choice;
    }

    double probability(char c) {
        int i = ALPHABET.indexOf(c);
        return i < 0 ? 0 : alternatives[i];
    }
}
