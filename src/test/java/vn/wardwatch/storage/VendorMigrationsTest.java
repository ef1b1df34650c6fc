package vn.wardwatch.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Migrations both databases take (db/common) and each vendor's own versions (db/h2, db/postgresql): the vendors
 * carry the same versions, each really different (a copy that could live in common must), and no version is both
 * common and a vendor's, which Flyway would refuse as a duplicate.
 */
class VendorMigrationsTest {

    private static final Path DB = Path.of("src/main/resources/db");

    private static List<String> names(String dir) throws IOException {
        try (Stream<Path> files = Files.list(DB.resolve(dir))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void vendorVersionsPairUpDifferAndAreNotAlsoCommon() throws IOException {
        List<String> vendor = names("h2");
        assertEquals(vendor, names("postgresql"));
        for (String name : vendor) {
            assertNotEquals(Files.readString(DB.resolve("h2").resolve(name)),
                    Files.readString(DB.resolve("postgresql").resolve(name)), name + " is the same for both: move it to db/common");
            String version = name.substring(0, name.indexOf("__"));
            assertTrue(names("common").stream().noneMatch(c -> c.startsWith(version + "__")),
                    version + " is both common and vendor-specific");
        }
    }
}
