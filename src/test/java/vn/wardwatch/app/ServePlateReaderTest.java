package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;

/** The serve command builds plate readers through PlateReaderFactory; this build has none and says so up front. */
class ServePlateReaderTest {

    @TempDir
    Path dir;

    @Test
    void plateReadingEnabledWithoutOcrInTheBuildStopsTheStartBeforeAnythingOpensAndSaysWhatToChange() {
        AppConfig app = ConfigLoader.parse("""
                storage: {data_dir: "%s"}
                cameras:
                  gate1:
                    source: {url: x.mp4}
                    plates: {line: [[0, 200], [640, 200]]}
                  gate2:
                    source: {url: y.mp4}
                    plates: {enabled: false, line: [[0, 200], [640, 200]]}
                """.formatted(dir.resolve("data")), "test.yml", Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServeCommand.WardWatch.start(app));
        assertTrue(e.getMessage().contains("plate OCR not available in this build"), e.getMessage());
        assertTrue(e.getMessage().contains("cameras.gate1.plates"), e.getMessage());
        assertFalse(e.getMessage().contains("gate2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was opened or created");
    }
}
