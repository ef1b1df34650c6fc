package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The Vietnamese plate grammar: province code (two digits), series, number (four or five digits).
 *
 * <p>Series: one letter or two (cars, {@code 30A}, {@code 51LD}; also the special series LD, NG, KT, NN, ...), a
 * letter and a digit or two letters (motorbikes, {@code 29-B1}, {@code 59-TA}), or MĐ and a digit (electric
 * motorbikes, {@code 29-MĐ1}). Series letters never include I, J, O, Q or W. Đ is written D: the recogniser cannot
 * tell them apart, and the labels of the evaluation data write D too.
 *
 * <p>Canonical text: one-line plates {@code 30A-339.18}; two-line plates the top line, one space, the bottom line:
 * {@code 29-B1 256.62}, {@code 30-L9 0860}, {@code 59-TA 003.29}, a car's two-line plate {@code 30A 123.45}. A
 * five-digit number is printed 3 + 2 with a dot, a four-digit one plain. A read that fits no form keeps its raw
 * characters, lines separated by one space, and is marked invalid.
 *
 * <p>Where the grammar needs a digit it takes the recogniser's most probable digit at that place, where it needs a
 * letter its most probable letter; this fixes the common confusions (O/0, I/1, B/8, S/5, Z/2, G/6, D/0) only at
 * places where the other class is required. When the lines admit more than one form (e.g. 8 characters on one line
 * are {@code 30A-339.18} or {@code 51LD-1234}), the form whose choices the recogniser finds most probable wins.
 */
public final class PlateGrammar {

    /**
     * Province codes on plates in use: Appendix 02 of Circular 58/2020/TT-BCA (Ministry of Public Security; as
     * tabulated e.g. by lawnet.vn, "codes of 63 provinces ... license plate symbols"), kept by Circular 24/2023/TT-BCA:
     * 11-12, 14-41, 43, 47-86, 88-90, 92-95, 97-99, where 80 is the special code of central agencies and several
     * provinces hold more than one code (Hà Nội 29-33 and 40, Hồ Chí Minh City 41 and 50-59, Đồng Nai 39 and
     * 60).
     * Unused: 10, 13, 42, 44-46, 87, 91, 96.
     */
    static final Set<String> PROVINCES = IntStream.rangeClosed(11, 99)
            .filter(c -> !Set.of(13, 42, 44, 45, 46, 87, 91, 96).contains(c))
            .mapToObj(Integer::toString).collect(Collectors.toUnmodifiableSet());

    /** Letters a series may use. */
    static final String LETTERS = "ABCDEFGHKLMNPRSTUVXYZ";
    static final String DIGITS = "0123456789";

    /**
     * What a character read as one class most likely is when the grammar needs the other class, for reads given as
     * text (the recogniser's own probabilities decide for its reads). I and O are never series letters, so they only
     * turn into digits.
     */
    static final Map<Character, Character> AS_DIGIT = Map.of('O', '0', 'D', '0', 'Q', '0', 'I', '1', 'B', '8',
            'S', '5', 'Z', '2', 'G', '6');
    static final Map<Character, Character> AS_LETTER = Map.of('0', 'D', '8', 'B', '5', 'S', '2', 'Z', '6', 'G');
    /** How probable a confusion partner is taken to be, for reads given as text. */
    private static final double PARTNER_PROBABILITY = 0.3;
    /** Probability floor: a character the recogniser gave nothing still has a finite cost. */
    private static final double FLOOR = 1e-6;
    /** How much less likely a code that is not in use is than one in use, before the recogniser's word. */
    private static final double UNKNOWN_PROVINCE = 1e-3;
    /**
     * A character the form needs but the recogniser gave less than this is a guess, not a fix: the read then fails
     * the grammar (e.g. a sure "A" where a digit must stand).
     */
    static final double MIN_SUPPORT = 0.01;

    /**
     * Series forms (D digit, L letter; MĐ literally: the only three-character series, electric motorbikes' MĐ1,
     * MĐ2, ...) and how common each is taken to be on its layout, relative to the usual one.
     * They only weigh forms of equal length against each other: on a motorbike's top line "59-N1" and "59-NT" are
     * both four characters, and a second series letter is far rarer than a letter and a digit; on one line "30A"
     * (a car) is the usual form. Rough orders of magnitude, not fitted values.
     */
    private static final Map<String, Double> ONE_LINE_SERIES = Map.of("L", 1.0, "LL", 0.1, "LD", 0.01, "MĐD", 0.01);
    private static final Map<String, Double> TWO_LINE_SERIES = Map.of("LD", 1.0, "L", 1.0, "LL", 0.1, "MĐD", 0.1);
    private static final List<String> NUMBERS = List.of("DDDDD", "DDDD");
    /**
     * A line longer than any form allows (a screw or the plate's rim read as a 1) may drop a glyph at either end:
     * dropping costs the probability that the glyph was the character read, floored so that it stays possible.
     */
    private static final double MIN_DROP_PROBABILITY = 1e-3;
    /** The most characters a line can hold: one line 2 + 3 + 5; a top line 2 + 3; a bottom line 5. */
    private static final int MAX_ONE_LINE = 10;
    private static final int MAX_TOP_LINE = 5;
    private static final int MAX_BOTTOM_LINE = 5;

    private PlateGrammar() {
    }

    /**
     * A plate's characters as chosen by the grammar.
     *
     * @param text canonical text (raw characters when invalid)
     * @param characters the characters without separators, top line first
     * @param confidences per character: the recogniser's probability of the character chosen
     * @param layout one line or two, as the lines were given
     * @param valid whether a plate form and a province code in use fit
     */
    public record Parse(String text, String characters, List<Double> confidences, PlateLayout layout,
                        boolean valid) {
    }

    /**
     * Parses a plate given as text, lines separated by whitespace (the canonical form, a label, an OCR string). Each
     * character is taken as certain, its confusion partner as possible.
     */
    public static Parse parse(String text) {
        String[] parts = text.trim().toUpperCase(Locale.ROOT).replace('Đ', 'D').split("\\s+");
        List<List<Glyph>> lines = new ArrayList<>();
        for (String part : parts) {
            List<Glyph> line = new ArrayList<>();
            for (char c : part.toCharArray()) {
                if (Glyph.ALPHABET.indexOf(c) >= 0) {
                    line.add(certain(c));
                }
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        if (lines.size() > 2) {
            // Two-line forms have exactly two lines: more means spaces inside a line ("30A 339 18").
            List<Glyph> top = lines.get(0);
            List<Glyph> rest = new ArrayList<>();
            lines.subList(1, lines.size()).forEach(rest::addAll);
            lines = List.of(top, rest);
        }
        return choose(lines);
    }

    /** Letters, digits and Đ only: what evaluation compares ({@code 30A-339.18} and {@code 30A33918} are equal). */
    public static String compact(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toUpperCase(Locale.ROOT).replace('Đ', 'D').toCharArray()) {
            if (Glyph.ALPHABET.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Glyph certain(char c) {
        double[] p = new double[Glyph.ALPHABET.length()];
        p[Glyph.ALPHABET.indexOf(c)] = 1;
        Character partner = AS_DIGIT.containsKey(c) ? AS_DIGIT.get(c) : AS_LETTER.get(c);
        if (partner != null) {
            p[Glyph.ALPHABET.indexOf(partner)] = PARTNER_PROBABILITY;
        }
        return new Glyph(c, 1, p, 1);
    }

    /**
     * Chooses the most probable plate the recogniser's lines (top first, one or two) can be: every form of the
     * layout, on the lines as read and with an end glyph of a line dropped, scored by the recogniser's
     * probabilities of the characters the form needs, the form's rarity and the cost of what was dropped.
     */
    static Parse choose(List<List<Glyph>> lines) {
        if (lines.isEmpty() || lines.size() > 2) {
            throw new IllegalArgumentException("a plate has one or two lines, got " + lines.size());
        }
        PlateLayout layout = lines.size() == 1 ? PlateLayout.ONE_LINE : PlateLayout.TWO_LINE;
        Map<String, Double> seriesForms = layout == PlateLayout.ONE_LINE ? ONE_LINE_SERIES : TWO_LINE_SERIES;
        Best best = null;
        int topMax = layout == PlateLayout.ONE_LINE ? MAX_ONE_LINE : MAX_TOP_LINE;
        for (Trimmed top : trims(lines.get(0), topMax)) {
            for (Trimmed bottom : layout == PlateLayout.ONE_LINE ? List.of(Trimmed.EMPTY)
                    : trims(lines.get(1), MAX_BOTTOM_LINE)) {
                List<Glyph> all = new ArrayList<>(top.glyphs);
                all.addAll(bottom.glyphs);
                for (Map.Entry<String, Double> series : seriesForms.entrySet()) {
                    String s = series.getKey();
                    for (String number : NUMBERS) {
                        boolean fits = layout == PlateLayout.ONE_LINE
                                ? all.size() == 2 + s.length() + number.length()
                                : top.glyphs.size() == 2 + s.length() && bottom.glyphs.size() == number.length();
                        if (!fits) {
                            continue;
                        }
                        Best b = fit(all, s, number, Math.log(series.getValue()) + top.logCost + bottom.logCost,
                                top.supported() && bottom.supported());
                        if (best == null || b.logP > best.logP + 1e-12
                                || (b.logP > best.logP - 1e-12 && b.order(layout) < best.order(layout))) {
                            best = b;
                        }
                    }
                }
            }
        }
        if (best == null || !best.supported) {
            // No form fits without guessing: keep what was read, lines apart.
            StringBuilder text = new StringBuilder();
            List<Glyph> all = new ArrayList<>();
            for (List<Glyph> line : lines) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                line.forEach(g -> text.append(g.best()));
                all.addAll(line);
            }
            List<Double> conf = all.stream().map(Glyph::confidence).toList();
            return new Parse(text.toString(), compact(text.toString()), conf, layout, false);
        }
        List<Double> conf = new ArrayList<>();
        for (int i = 0; i < best.glyphs.size(); i++) {
            conf.add(Math.min(1, best.glyphs.get(i).probability(best.chars.charAt(i))));
        }
        return new Parse(format(best.chars, best.series.length(), layout), best.chars, conf, layout,
                best.provinceInUse);
    }

    /** A line with none, its first, its last or both end glyphs dropped, and the log-cost of dropping them. */
    private record Trimmed(List<Glyph> glyphs, double logCost) {
        static final Trimmed EMPTY = new Trimmed(List.of(), 0);

        /** Dropping a glyph the recogniser was sure of is a guess like any other unsupported choice. */
        boolean supported() {
            return logCost >= Math.log(MIN_SUPPORT) - 1e-12;
        }
    }

    /** The line as read, and when it is too long for any form, the line without one or both end glyphs. */
    private static List<Trimmed> trims(List<Glyph> line, int maxLength) {
        List<Trimmed> out = new ArrayList<>();
        out.add(new Trimmed(line, 0));
        int n = line.size();
        if (n > maxLength) {
            out.add(new Trimmed(line.subList(1, n), dropCost(line.get(0))));
            out.add(new Trimmed(line.subList(0, n - 1), dropCost(line.get(n - 1))));
            out.add(new Trimmed(line.subList(1, n - 1), dropCost(line.get(0)) + dropCost(line.get(n - 1))));
        }
        return out;
    }

    private static double dropCost(Glyph g) {
        return Math.log(Math.max(MIN_DROP_PROBABILITY, 1 - g.confidence()));
    }

    private record Best(List<Glyph> glyphs, String chars, String series, double logP, boolean supported,
                        boolean provinceInUse) {

        /** Among equally probable forms (text input) the usual one wins: the one read as a car's on one line. */
        int order(PlateLayout layout) {
            return (layout == PlateLayout.ONE_LINE ? List.of("L", "LL", "LD", "MĐD")
                    : List.of("LD", "L", "LL", "MĐD"))
                    .indexOf(series);
        }
    }

    /** The most probable characters for one form: province, series of the given shape, number. */
    private static Best fit(List<Glyph> glyphs, String series, String number, double prior, boolean trimSupported) {
        // Province: the most probable pair of digits, codes not in use discounted.
        String province = null;
        double provinceLogP = Double.NEGATIVE_INFINITY;
        for (int code = 0; code <= 99; code++) {
            String c = String.format(Locale.ROOT, "%02d", code);
            double lp = logP(glyphs.get(0), c.charAt(0)) + logP(glyphs.get(1), c.charAt(1))
                    + (PROVINCES.contains(c) ? 0 : Math.log(UNKNOWN_PROVINCE));
            if (lp > provinceLogP) {
                provinceLogP = lp;
                province = c;
            }
        }
        StringBuilder chars = new StringBuilder(province);
        double total = provinceLogP + prior;
        boolean supported = trimSupported && glyphs.get(0).probability(province.charAt(0)) >= MIN_SUPPORT
                && glyphs.get(1).probability(province.charAt(1)) >= MIN_SUPPORT;
        String shape = series + number;
        for (int i = 0; i < shape.length(); i++) {
            Glyph g = glyphs.get(2 + i);
            char c = g.bestOf(allowed(shape.charAt(i)));
            chars.append(c);
            total += logP(g, c);
            supported &= g.probability(c) >= MIN_SUPPORT;
        }
        return new Best(glyphs, chars.toString(), series, total, supported, PROVINCES.contains(province));
    }

    /** Characters a place of a form admits: D a digit, L a series letter, M and Đ themselves (Đ read as D). */
    private static String allowed(char shape) {
        return switch (shape) {
            case 'D' -> DIGITS;
            case 'L' -> LETTERS;
            case 'M' -> "M";
            case 'Đ' -> "D";
            default -> throw new IllegalStateException("unknown form character " + shape);
        };
    }

    private static double logP(Glyph g, char c) {
        return Math.log(Math.max(FLOOR, g.probability(c)));
    }

    /** Canonical text of valid characters: province, series and number with their separators. */
    static String format(String chars, int seriesLength, PlateLayout layout) {
        String province = chars.substring(0, 2);
        String series = chars.substring(2, 2 + seriesLength);
        String digits = chars.substring(2 + seriesLength);
        String number = digits.length() == 5 ? digits.substring(0, 3) + "." + digits.substring(3) : digits;
        if (layout == PlateLayout.ONE_LINE) {
            return province + series + "-" + number;
        }
        // A car's two-line plate keeps its one-letter series beside the code (30A); motorbikes use a dash (29-B1).
        String top = series.length() == 1 ? province + series : province + "-" + series;
        return top + " " + number;
    }

}
