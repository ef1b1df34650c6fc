package vn.wardwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.storage.jdbc.Database;

class ConfigAuditTest {

    @TempDir
    Path dir;

    @Test
    void aChangedConfigWritesConfigChangedWithOldAndNewHashButLineEndingsDoNotCount() throws Exception {
        Path config = dir.resolve("ww.yaml");
        Files.writeString(config, "api:\n  port: 8080\n");
        try (Database db = Database.open(dir.resolve("wardwatch"))) {
            JdbcAuditLog log = new JdbcAuditLog(db, AuditAnchor.in(dir), Clock.systemUTC());
            assertFalse(ConfigAudit.recordLoad(log, config), "first start");
            String first = ConfigAudit.hash(config);
            Files.writeString(config, "api:\r\n  port: 8080\r\n");
            assertFalse(ConfigAudit.recordLoad(log, config), "CRLF only");
            Files.writeString(config, "api:\n  port: 9090\n");
            assertTrue(ConfigAudit.recordLoad(log, config), "port changed");
            List<AuditEntry> entries = log.list(new AuditQuery(null, null, null, null, 10));
            assertEquals(List.of("config.loaded", "config.changed", "config.loaded", "config.loaded"),
                    entries.stream().map(AuditEntry::action).toList());
            JsonObject changed = new JsonObject(entries.get(1).detail());
            assertEquals(first, changed.getString("old_sha256"));
            assertEquals(ConfigAudit.hash(config), changed.getString("new_sha256"));
            assertEquals("config:ww.yaml", entries.get(1).target());
            assertTrue(new AuditVerifier(log).verify().ok());
        }
    }
}
