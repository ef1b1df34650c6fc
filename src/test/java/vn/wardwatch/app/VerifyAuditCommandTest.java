package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.wardwatch.audit.AuditAnchor;
import vn.wardwatch.audit.AuditVerifier;
import vn.wardwatch.audit.JdbcAuditLog;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.storage.jdbc.Database;

class VerifyAuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void verifyAuditExitsZeroWhenIntactAndOneNamingTheSeqWhenAltered() throws Exception {
        Path config = dir.resolve("ww.yaml");
        Files.writeString(config, "storage: {data_dir: " + dir.resolve("data") + "}\n"
                + "cameras:\n  cam-1:\n    source: {url: x.mp4}\n");
        AppConfig app = ConfigLoader.load(config);
        try (Database db = Database.open(app.storage().databaseFile())) {
            JdbcAuditLog log = new JdbcAuditLog(db, AuditAnchor.in(app.storage().dataDir()), Clock.systemUTC());
            log.record("admin", "user.added", "user:officer1", "{\"role\":\"officer\"}");
            log.record("officer1", "login.ok", "user:officer1", "");
        }
        assertEquals(0, new CommandLine(new Main()).execute("verify-audit", "--config", config.toString()));
        try (Database db = Database.open(app.storage().databaseFile());
             Connection c = db.connection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'someone' WHERE seq = 2");
        }
        assertEquals(1, new CommandLine(new Main()).execute("verify-audit", "--config", config.toString()));
        try (Database db = Database.open(app.storage().databaseFile())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JdbcAuditLog log = new JdbcAuditLog(db, AuditAnchor.in(app.storage().dataDir()), Clock.systemUTC());
            assertEquals(1, VerifyAuditCommand.report(new AuditVerifier(log).verify(),
                    new PrintStream(out, true, StandardCharsets.UTF_8)));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("FAILED 1 problem(s) in 2 entries"), text);
            assertTrue(text.contains("seq 2: altered"), text);
        }
    }
}
