package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlateGrammarTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "30A-339.18     | 30A-339.18    | 1",
        "30A33918       | 30A-339.18    | 1",
        "51LD-123.45    | 51LD-123.45   | 1",
        "51G-1234       | 51G-1234      | 1",
        "80NG-123.45    | 80NG-123.45   | 1",
        "29-B1 256.62   | 29-B1 256.62  | 2",
        "29B1 25662     | 29-B1 256.62  | 2",
        "30-L9 0860     | 30-L9 0860    | 2",
        "59-TA 003.29   | 59-TA 003.29  | 2",
        "29-MĐ1 212.30  | 29-MD1 212.30 | 2",
        "30E 270.10     | 30E 270.10    | 2",
        "29-KT 1234     | 29-KT 1234    | 2",
    })
    void validFormsComeOutCanonical(String input, String canonical, int lines) {
        PlateGrammar.Parse p = PlateGrammar.parse(input);
        assertTrue(p.valid(), p.toString());
        assertEquals(canonical, p.text());
        assertEquals(lines, p.layout().lines());
        assertEquals(PlateGrammar.compact(canonical), p.characters());
        assertEquals(p.characters().length(), p.confidences().size());
    }

    @ParameterizedTest(name = "{0} is invalid")
    @CsvSource(delimiter = '|', value = {
        "ABC-123",          // no province, too short
        "30A-12",           // number of two digits
        "30A-1234567",      // number too long
        "13A-123.45",       // 13 is not a province code in use
        "96-B1 256.62",     // nor is 96
        "30A-3A9.18",       // a sure letter where a digit must stand
        "29-B1 256.62 77",  // a third line's characters make the number too long
    })
    void invalidFormsAreKeptButMarked(String input) {
        PlateGrammar.Parse p = PlateGrammar.parse(input);
        assertFalse(p.valid(), p.toString());
        assertFalse(p.text().isBlank());
        assertEquals(p.characters().length(), p.confidences().size());
    }

    @Test
    void unknownProvinceKeepsTheCanonicalShape() {
        assertEquals("13A-123.45", PlateGrammar.parse("13A12345").text());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // digit required, letter read
        "5O-B1 123.45  | 50-B1 123.45",   // O -> 0
        "29-BI 256.62  | 29-B1 256.62",   // I -> 1
        "29-B1 256.B2  | 29-B1 256.82",   // B -> 8
        "29-B1 2S6.62  | 29-B1 256.62",   // S -> 5
        "Z9-B1 256.62  | 29-B1 256.62",   // Z -> 2
        "29-B1 25G.62  | 29-B1 256.62",   // G -> 6
        "29-B1 2D6.62  | 29-B1 206.62",   // D -> 0
        // letter required, digit read
        "29-81 256.62  | 29-B1 256.62",   // 8 -> B
        "29-51 256.62  | 29-S1 256.62",   // 5 -> S
        "29-21 256.62  | 29-Z1 256.62",   // 2 -> Z
        "29-61 256.62  | 29-G1 256.62",   // 6 -> G
        "29-01 256.62  | 29-D1 256.62",   // 0 -> D
        "308-339.18    | 30B-339.18",     // 8 -> B on one line
    })
    void confusionsAreFixedWhereTheGrammarDemandsTheOtherClass(String input, String fixed) {
        PlateGrammar.Parse p = PlateGrammar.parse(input);
        assertTrue(p.valid(), p.toString());
        assertEquals(fixed, p.text());
    }

    @Test
    void charactersThatFitTheirPlaceAreLeftAlone() {
        // B, S, Z, G, D are letters in a series and 8, 5, 2, 6, 0 digits in a number: nothing to fix.
        for (String plate : List.of("29-B1 852.60", "59-S2 852.60", "63-Z5 285.06", "76-G1 606.02", "29-D2 008.50")) {
            assertEquals(plate, PlateGrammar.parse(plate).text());
        }
    }

    @Test
    void twoLinesJoinTopFirstWithOneSpace() {
        PlateGrammar.Parse p = PlateGrammar.parse("59-L2\n149.99");
        assertEquals("59-L2 149.99", p.text());
        assertEquals("59L214999", p.characters());
        assertEquals(PlateLayout.TWO_LINE, p.layout());
    }

    @Test
    void aSecondSeriesLetterNeedsTheRecogniserToPreferIt() {
        // "59-N1" and "59-NT" have the same length; with 1 and T read equally likely the usual letter + digit wins.
        Glyph ambiguous = glyph('T', 0.5, '1', 0.5);
        PlateGrammar.Parse p = PlateGrammar.choose(List.of(
                List.of(sure('5'), sure('9'), sure('N'), ambiguous),
                List.of(sure('6'), sure('1'), sure('7'), sure('7'), sure('6'))));
        assertEquals("59-N1 617.76", p.text());
        assertTrue(p.valid());
        // ... but a clearly read second letter stays.
        PlateGrammar.Parse ta = PlateGrammar.choose(List.of(
                List.of(sure('5'), sure('9'), sure('T'), glyph('A', 0.95, '4', 0.05)),
                List.of(sure('0'), sure('0'), sure('3'), sure('2'), sure('9'))));
        assertEquals("59-TA 003.29", ta.text());
    }

    @Test
    void recogniserProbabilitiesChooseTheBestDigitWhereADigitMustStand() {
        // The recogniser's top choice is Z, but a digit is needed: its best digit (2, not the partner table) wins.
        PlateGrammar.Parse p = PlateGrammar.choose(List.of(List.of(sure('3'), sure('0'), sure('A'),
                glyph('Z', 0.7, '7', 0.2), sure('3'), sure('9'), sure('1'), sure('8'))));
        assertEquals("30A-739.18", p.text());
        assertEquals(0.2, p.confidences().get(3), 1e-9);
    }

    @Test
    void aLineTooLongForAnyFormDropsUnsureEndGlyphs() {
        // A screw read as a leading 1 and the rim as a trailing 1: eleven glyphs, more than any one-line form holds.
        PlateGrammar.Parse p = PlateGrammar.choose(List.of(List.of(glyph('1', 0.5), sure('5'), sure('1'), sure('L'),
                sure('D'), sure('1'), sure('2'), sure('3'), sure('4'), sure('5'), glyph('1', 0.6))));
        assertEquals("51LD-123.45", p.text());
        assertTrue(p.valid());
        assertEquals(9, p.confidences().size());
        // Sure end glyphs are not dropped to make a form fit: the read stays as read, invalid.
        PlateGrammar.Parse sureEnds = PlateGrammar.choose(List.of(List.of(sure('1'), sure('5'), sure('1'), sure('L'),
                sure('D'), sure('1'), sure('2'), sure('3'), sure('4'), sure('5'), sure('1'))));
        assertFalse(sureEnds.valid());
        assertEquals("151LD123451", sureEnds.text());
    }

    @Test
    void compactKeepsOnlyLettersAndDigits() {
        assertEquals("29B125662", PlateGrammar.compact("29-B1 256.62"));
        assertEquals("29MD1", PlateGrammar.compact("29-mđ1"));
    }

    @Test
    void provinceCodesFollowTheCircular() {
        for (String code : List.of("11", "29", "30", "40", "41", "43", "50", "59", "80", "99")) {
            assertTrue(PlateGrammar.PROVINCES.contains(code), code);
        }
        for (String code : List.of("00", "10", "13", "42", "44", "45", "46", "87", "91", "96")) {
            assertFalse(PlateGrammar.PROVINCES.contains(code), code);
        }
    }

    static Glyph sure(char c) {
        return glyph(c, 0.99);
    }

    /** A glyph read as {@code c} with probability {@code p}, optionally with one alternative. */
    static Glyph glyph(char c, double p, Object... alternative) {
        double[] probs = new double[Glyph.ALPHABET.length()];
        probs[Glyph.ALPHABET.indexOf(c)] = p;
        if (alternative.length == 2) {
            probs[Glyph.ALPHABET.indexOf((Character) alternative[0])] = (Double) alternative[1];
        }
        return new Glyph(c, p, probs, 1);
    }
}
