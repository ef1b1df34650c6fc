package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.wardwatch.app.eval.EditAlignment;
import vn.wardwatch.app.eval.PlateLabels;

/** The plate evaluation's arithmetic on made-up outcomes (the real data live outside the repository). */
class EvalPlatesCommandTest {

    @Test
    void labelsParseAndBadRowsNameTheirLine() {
        List<PlateLabels.Label> labels = PlateLabels.parse(List.of("file,plate,lines", "a.jpg,54-T1 5417,2", "",
                "b.jpg,30A-339.18,1"));
        assertEquals(List.of(new PlateLabels.Label("a.jpg", "54-T1 5417", 2),
                new PlateLabels.Label("b.jpg", "30A-339.18", 1)), labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlateLabels.parse(List.of("file,plate,lines", "a.jpg,54-T1 5417,3")));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PlateLabels.parse(List.of("name,text")));
    }

    @Test
    void editsAreSubstitutionsDeletionsAndInsertions() {
        assertEquals(List.of(new EditAlignment.Edit('7', '1')), EditAlignment.edits("30A739", "30A139"));
        assertEquals(List.of(new EditAlignment.Edit('1', EditAlignment.NONE)), EditAlignment.edits("1111", "111"));
        assertEquals(List.of(new EditAlignment.Edit(EditAlignment.NONE, '7')), EditAlignment.edits("1364", "71364"));
        assertEquals(0, EditAlignment.distance("ABC", "ABC"));
        assertEquals(3, EditAlignment.distance("ABC", ""));
    }

    @Test
    void reportCountsExactMatchesIgnoringSeparatorsPerLayout() {
        List<EvalPlatesCommand.Outcome> outcomes = List.of(
                outcome("a.jpg", "30A-339.18", 1, "30A33918", 1, 10),
                outcome("b.jpg", "29-B1 256.62", 2, "29-B1 256.62", 2, 20),
                outcome("c.jpg", "29-B7 256.62", 2, "29-B1 256.62", 2, 30),
                outcome("d.jpg", "59-P1 664.80", 2, "", 0, 40));
        JsonObject r = EvalPlatesCommand.report(outcomes, 20, 5);
        JsonObject acc = r.getJsonObject("accuracy");
        assertEquals(1.0, acc.getJsonObject("one-line").getDouble("exactRate"));
        assertEquals(1.0 / 3, acc.getJsonObject("two-line").getDouble("exactRate"), 1e-9);
        assertEquals(0.5, acc.getJsonObject("all").getDouble("exactRate"));
        // 1 substitution + 9 deletions over 8 + 9 + 9 + 9 label characters.
        assertEquals(10.0 / 35, r.getDouble("characterErrorRate"), 1e-9);
        // The missed read deletes 59P166480: its two 6s make the commonest pair.
        assertEquals(new JsonObject().put("pair", "6->_").put("count", 2),
                r.getJsonArray("confusions").getJsonObject(0));
        assertTrue(r.getJsonArray("confusions").stream()
                .anyMatch(c -> ((JsonObject) c).getString("pair").equals("7->1")));
        assertEquals(2, r.getInteger("misses"));
        assertEquals("c.jpg", r.getJsonArray("worst").getJsonObject(0).getString("file"), "most confident first");
        assertEquals(20.0, r.getJsonObject("timing").getDouble("medianMs"));
        assertEquals(40.0, r.getJsonObject("timing").getDouble("p95Ms"));
    }

    private static EvalPlatesCommand.Outcome outcome(String file, String label, int lines, String read, int readLines,
                                                     double ms) {
        return new EvalPlatesCommand.Outcome(new PlateLabels.Label(file, label, lines), read, readLines,
                !read.isEmpty(), read.isEmpty() ? 0 : 0.9, ms, ms, null);
    }
}
