package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.wardwatch.config.OneCameraYaml.errors;
import static vn.wardwatch.config.OneCameraYaml.parse;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** storage.database (issue 10): H2 by default, or PostgreSQL with a URL and a user; mistakes named by path. */
class StorageDatabaseConfigTest {

    @Test
    void h2IsTheDefault() {
        StorageConfig s = parse("").storage();
        assertEquals(StorageConfig.H2, s.database());
        assertFalse(s.postgresql());
    }

    @Test
    void postgresqlTakesAUrlAndAUser() {
        StorageConfig s = parse("storage: {database: postgresql, url: 'jdbc:postgresql://db.local:5432/wardwatch',"
                + " user: ww}\n").storage();
        assertTrue(s.postgresql());
        assertEquals("jdbc:postgresql://db.local:5432/wardwatch", s.url());
        assertEquals("ww", s.user());
    }

    @Test
    void mistakesAreNamedByPath() {
        assertEquals(Set.of("storage.url: required with database: postgresql (jdbc:postgresql://host:port/name)"),
                errors("storage: {database: postgresql}\n"));
        assertEquals(Set.of("storage.url: must start with jdbc:postgresql://, got jdbc:h2:file:x"),
                errors("storage: {database: postgresql, url: 'jdbc:h2:file:x'}\n"));
        assertEquals(Set.of("storage.database: must be h2 or postgresql, got mysql"),
                errors("storage: {database: mysql}\n"));
        assertEquals(Set.of("storage.url: only for database: postgresql (the H2 file lives in data_dir)"),
                errors("storage: {url: 'jdbc:postgresql://db/ww'}\n"));
    }
}
