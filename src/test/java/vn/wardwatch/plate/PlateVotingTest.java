package vn.wardwatch.plate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.detect.BoundingBox;

class PlateVotingTest {

    private static final BoundingBox BOX = new BoundingBox(0, 0, 40, 12);

    /** A read whose characters all have the read's confidence; the text separators follow the car form. */
    static PlateRead read(String text, double confidence, boolean valid) {
        String characters = text.replaceAll("[-. ]", "");
        return new PlateRead(text, characters, Collections.nCopies(characters.length(), confidence),
                text.contains(" ") ? PlateLayout.TWO_LINE : PlateLayout.ONE_LINE, PlateColour.WHITE, confidence, valid,
                BOX);
    }

    private static PlateVote vote(PlateRead... reads) {
        return PlateVoting.vote(List.of(reads)).orElseThrow().vote();
    }

    @Test
    void theMajorityWinsEachPositionAndTheWholeReadIsKept() {
        PlateVote v = vote(read("30A-339.18", 0.9, true), read("30A-339.16", 0.9, true),
                read("30A-339.18", 0.8, true));
        assertEquals("30A-339.18", v.text());
        assertEquals("30A33918", v.characters());
        assertEquals(3, v.reads());
        assertEquals(2, v.agreeingReads());
        assertTrue(v.valid());
        // 7 positions agree fully, the last one by 1.7 of 2.6.
        assertEquals((7 + 1.7 / 2.6) / 8, v.support(), 1e-9);
        assertEquals(List.of(new PlateVote.RunnerUp("30A-339.16", "30A33916", 0.9 / 2.6, 1)), v.runnerUps());
        assertEquals(2, PlateVoting.vote(List.of(read("30A-339.16", 0.9, true), read("30A-339.18", 0.8, true),
                read("30A-339.18", 0.9, true))).orElseThrow().bestRead(), "the heaviest read of the winner");
    }

    @Test
    void positionsAreVotedSeparatelySoTwoBadFramesStillGiveTheRightPlate() {
        // Every read has one swapped character, each at a different place; no read is right as a whole.
        PlateVote v = vote(read("30A-339.16", 0.9, true), read("30A-389.18", 0.9, true),
                read("38A-339.18", 0.9, true));
        assertEquals("30A33918", v.characters());
        assertEquals("30A-339.18", v.text(), "separators come from the heaviest read");
        assertEquals(0, v.agreeingReads());
        assertTrue(v.valid(), "digits stayed digits and letters letters");
        assertEquals(3, v.runnerUps().size());
    }

    @Test
    void characterConfidenceDecidesBetweenEqualCounts() {
        PlateRead sure = new PlateRead("29-B1 256.62", "29B125662", List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
                0.95), PlateLayout.TWO_LINE, PlateColour.WHITE, 0.8, true, BOX);
        PlateRead unsure = new PlateRead("29-B1 256.68", "29B125668", List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9,
                0.3), PlateLayout.TWO_LINE, PlateColour.WHITE, 0.85, true, BOX);
        PlateVoting.Result result = PlateVoting.vote(List.of(unsure, sure)).orElseThrow();
        assertEquals("29-B1 256.62", result.vote().text());
        assertEquals(PlateLayout.TWO_LINE, result.vote().layout());
        assertEquals(1, result.bestRead(), "the index is in the list as given");
    }

    @Test
    void aConfidentReadOutweighsSeveralUnsureOnes() {
        PlateVote v = vote(read("30A-339.18", 0.95, true), read("30A-339.16", 0.3, true),
                read("30A-339.16", 0.3, true));
        assertEquals("30A33918", v.characters());
        assertEquals(2, v.runnerUps().get(0).reads());
    }

    @Test
    void readsOfAnotherLengthVoteAmongThemselvesAndTheHeavierGroupWins() {
        // A dropped character cannot be aligned: the 7-character reads form their own group.
        PlateVote v = vote(read("30A-339.1", 0.9, false), read("30A-339.18", 0.8, true),
                read("30A-339.18", 0.7, true), read("30A-39.18", 0.9, false));
        assertEquals("30A33918", v.characters());
        assertEquals(4, v.reads());
        double total = 0.9 * 0.25 + 0.8 + 0.7 + 0.9 * 0.25;
        assertEquals(1.5 / total, v.support(), 1e-9, "the other group counts against the winner");

        PlateVote shortWins = vote(read("30A-339.1", 0.9, true), read("30A-339.1", 0.9, true),
                read("30A-339.18", 0.9, true));
        assertEquals("30A3391", shortWins.characters());
    }

    @Test
    void validReadsOutweighInvalidOnes() {
        // Per position: two invalid reads at 0.9 vote 2 * 0.9 * 0.25 * 0.9 = 0.405; one valid read at 0.7 votes 0.49.
        PlateVote v = vote(read("30I-339.18", 0.9, false), read("30I-339.18", 0.9, false),
                read("30A-339.18", 0.7, true));
        assertEquals("30A-339.18", v.text());
        assertTrue(v.valid());
        assertEquals("30I-339.18", v.runnerUps().get(0).text());
    }

    @Test
    void aMixedWinnerThatChangesACharacterKindIsInvalid() {
        // The third character is a letter in the heaviest read but a digit in three others, which are unsure of
        // their last character: the mix matches no read and breaks the grammar's pattern.
        List<Double> unsureOfLast = List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1);
        PlateRead digit = new PlateRead("308-339.16", "30833916", unsureOfLast, PlateLayout.ONE_LINE,
                PlateColour.WHITE, 0.6, true, BOX);
        PlateVote v = vote(read("30A-339.18", 0.9, true), digit, digit, digit);
        assertEquals("30833918", v.characters());
        assertEquals(0, v.agreeingReads());
        assertFalse(v.valid());
    }

    @Test
    void colourIsTheWeightedMajorityOfTheReadsThatSawOne() {
        List<PlateRead> reads = new ArrayList<>();
        reads.add(withColour(read("51F-123.45", 0.9, true), PlateColour.YELLOW));
        reads.add(withColour(read("51F-123.45", 0.9, true), PlateColour.UNKNOWN));
        reads.add(withColour(read("51F-123.45", 0.5, true), PlateColour.WHITE));
        assertEquals(PlateColour.YELLOW, PlateVoting.vote(reads).orElseThrow().vote().colour());
    }

    @Test
    void unanimousReadsHaveFullSupportAndTheirOwnConfidence() {
        PlateVote v = vote(read("30A-339.18", 0.9, true), read("30A-339.18", 0.9, true));
        assertEquals(1.0, v.support(), 1e-9);
        assertEquals(0.9, v.confidence(), 1e-9);
        assertTrue(v.runnerUps().isEmpty());
    }

    @Test
    void runnerUpsAreCappedAndOrderedByWeight() {
        PlateVote v = vote(read("30A-339.18", 0.9, true), read("30A-339.18", 0.9, true),
                read("30A-339.10", 0.2, true), read("30A-339.11", 0.5, true), read("30A-339.12", 0.3, true),
                read("30A-339.13", 0.4, true));
        assertEquals(List.of("30A33911", "30A33913", "30A33912"),
                v.runnerUps().stream().map(PlateVote.RunnerUp::characters).toList());
    }

    @Test
    void readsWithoutCharactersGiveNoVote() {
        PlateRead empty = new PlateRead("", "", List.of(), PlateLayout.ONE_LINE, PlateColour.UNKNOWN, 0, false, BOX);
        assertTrue(PlateVoting.vote(List.of(empty)).isEmpty());
        assertTrue(PlateVoting.vote(List.of()).isEmpty());
        PlateVoting.Result one = PlateVoting.vote(List.of(empty, read("30A-339.18", 0.9, true))).orElseThrow();
        assertEquals(1, one.vote().reads());
        assertEquals(1, one.bestRead());
    }

    private static PlateRead withColour(PlateRead r, PlateColour colour) {
        return new PlateRead(r.text(), r.characters(), r.characterConfidences(), r.layout(), colour, r.confidence(),
                r.valid(), r.box());
    }
}
