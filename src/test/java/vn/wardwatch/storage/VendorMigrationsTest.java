package vn.wardwatch.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL migrations (db/postgresql) are the H2 ones (db/migration) under the same names, byte for byte except
 * where the SQL must differ: a migration added to one folder only, or a copy edited by mistake, fails here.
 */
class VendorMigrationsTest {

    private static final Path H2 = Path.of("src/main/resources/db/migration");
    private static final Path POSTGRESQL = Path.of("src/main/resources/db/postgresql");
    /** IDENTITY instead of AUTO_INCREMENT (V7), TEXT instead of CLOB (V9). */
    private static final List<String> VENDOR_SPECIFIC = List.of("V7__recordings.sql", "V9__audit_and_retention.sql");

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void sameVersionsAndIdenticalSqlWhereNoVendorDifferenceIsNeeded() throws IOException {
        assertEquals(names(H2), names(POSTGRESQL));
        for (String name : names(H2)) {
            String h2 = Files.readString(H2.resolve(name));
            String pg = Files.readString(POSTGRESQL.resolve(name));
            if (VENDOR_SPECIFIC.contains(name)) {
                assertNotEquals(h2, pg, name + " is listed as vendor-specific but is identical");
            } else {
                assertEquals(h2, pg, name + " differs between db/migration and db/postgresql");
            }
        }
    }
}
