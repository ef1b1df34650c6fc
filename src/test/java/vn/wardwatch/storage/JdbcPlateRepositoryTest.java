package vn.wardwatch.storage;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import vn.wardwatch.testsupport.TestDatabases;
import vn.wardwatch.testsupport.TestDatabases.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;

/** Plates in a real H2 file: stored whole, found exactly or one edit away, filtered by camera and time. */
// Every test runs on H2 and on embedded PostgreSQL.
@ParameterizedClass
@MethodSource("vn.wardwatch.testsupport.TestDatabases#kinds")
class JdbcPlateRepositoryTest {

    @Parameter
    Kind kind;

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);
    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private PlateRepository repo;

    @BeforeEach
    void open() {
        db = TestDatabases.open(kind, dir);
        repo = new JdbcPlateRepository(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static PlateSighting sighting(String camera, Instant at, String text) {
        String characters = text.replaceAll("[-. ]", "");
        PlateVote vote = new PlateVote(text, characters, text.contains(" ") ? PlateLayout.TWO_LINE
                : PlateLayout.ONE_LINE, PlateColour.WHITE, 0.9, true, 0.95, 3, 2,
                List.of(new PlateVote.RunnerUp("30A-339.16", "30A33916", 0.05, 1)));
        return new PlateSighting(camera, at, HANOI, 7, "line", vote);
    }

    private List<String> found(PlateSearch search) {
        return repo.search(search).stream().map(p -> p.sighting().plate().characters()).toList();
    }

    @Test
    void aSightingComesBackWhole() {
        PlateSighting s = new PlateSighting("gate1", T0, HANOI, 42, "red_light", new PlateVote("29-B1 256.62",
                "29B125662", PlateLayout.TWO_LINE, PlateColour.YELLOW, 0.81, false, 0.9, 4, 3, List.of(
                        new PlateVote.RunnerUp("29-B1 256.68", "29B125668", 0.07, 1),
                        new PlateVote.RunnerUp("29-81 256.62", "2981256662", 0.03, 1))));
        long id = repo.add(s, "plates/gate1/2026-11-22/080000-000-track42.jpg");
        StoredPlate stored = repo.find(id).orElseThrow();
        assertEquals(s, stored.sighting());
        assertEquals("plates/gate1/2026-11-22/080000-000-track42.jpg", stored.cropFile());
        assertTrue(repo.find(id + 1).isEmpty());
    }

    @Test
    void aSightingWithoutCropIsStored() {
        long id = repo.add(sighting("gate1", T0, "30A-339.18"), null);
        assertNull(repo.find(id).orElseThrow().cropFile());
    }

    @Test
    void aKeyedSightingIsStoredOnceWhileUnkeyedOnesMayRepeat() {
        PlateSighting s = sighting("gate1", T0, "30A-339.18");
        assertTrue(repo.addOnce("k1", s, "plates/gate1/a.jpg"));
        assertFalse(repo.addOnce("k1", s, "plates/gate1/a.jpg")); // a cluster worker's resend
        assertTrue(repo.addOnce("k2", s, null));
        // One process stores without a key: the same sighting twice is two rows, as before.
        repo.add(s, null);
        repo.add(s, null);
        List<StoredPlate> all = repo.search(new PlateSearch(null, null, null, null, 10));
        assertEquals(4, all.size());
        assertEquals(1, all.stream().filter(p -> "plates/gate1/a.jpg".equals(p.cropFile())).count());
        // Runner-ups were stored with the first add only.
        all.forEach(p -> assertEquals(s.plate(), p.sighting().plate()));
    }

    @Test
    void exactMatchesComeFirstThenThoseOneEditAwayButNotTwo() {
        repo.add(sighting("gate1", T0, "30A-339.18"), null);             // exact
        repo.add(sighting("gate1", T0.plusSeconds(10), "30A-339.16"), null); // one replaced
        repo.add(sighting("gate1", T0.plusSeconds(20), "30A-339.1"), null);  // one removed
        repo.add(sighting("gate1", T0.plusSeconds(30), "30A-339.188"), null); // one added
        repo.add(sighting("gate1", T0.plusSeconds(40), "30A-339.66"), null);  // two replaced
        repo.add(sighting("gate1", T0.plusSeconds(50), "51F-123.45"), null);
        repo.add(sighting("gate1", T0.plusSeconds(60), "30A-339.18"), null); // exact, newer

        assertEquals(List.of("30A33918", "30A33918", "30A339188", "30A3391", "30A33916"),
                found(new PlateSearch("30A33918", null, null, null, 50)));
        List<StoredPlate> exact = repo.search(new PlateSearch("30A33918", null, null, null, 50));
        assertEquals(T0.plusSeconds(60), exact.get(0).sighting().seenAt(), "newest exact first");
        assertEquals(List.of("30A33918"), found(new PlateSearch("30A33918", null, null, null, 1)));
    }

    @Test
    void patternCharactersInTheQueryAreLiteral() {
        repo.add(sighting("gate1", T0, "30A-339.18"), null);
        assertEquals(List.of(), found(new PlateSearch("3%", null, null, null, 50)));
        // "_" is one character that is wrong: a one-edit match, never a wildcard for two.
        assertEquals(List.of(), found(new PlateSearch("30A3__18", null, null, null, 50)));
    }

    @Test
    void cameraAndTimeFilter() {
        repo.add(sighting("gate1", T0, "30A-339.18"), null);
        repo.add(sighting("gate2", T0.plusSeconds(60), "30A-339.18"), null);
        repo.add(sighting("gate1", T0.plusSeconds(3600), "51F-123.45"), null);

        assertEquals(1, found(new PlateSearch("30A33918", "gate2", null, null, 50)).size());
        assertEquals(List.of("51F12345", "30A33918"), found(new PlateSearch(null, "gate1", null, null, 50)));
        assertEquals(List.of("30A33918"), found(new PlateSearch(null, "gate1", T0, T0.plusSeconds(60), 50)));
        assertEquals(List.of("51F12345", "30A33918"),
                found(new PlateSearch(null, null, T0.plusSeconds(60), T0.plusSeconds(3601), 50)));
        assertEquals(3, found(new PlateSearch(null, null, null, null, 50)).size());
    }
}
