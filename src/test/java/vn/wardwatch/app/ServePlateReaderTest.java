package vn.wardwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.config.AppConfig;
import vn.wardwatch.config.ConfigLoader;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.util.OpenCv;

/** The serve command builds one real plate reader per camera with plate reading on, and none for the others. */
class ServePlateReaderTest {

    @TempDir
    Path dir;

    @Test
    void eachCameraWithPlateReadingOnGetsItsOwnOcrReader() {
        AppConfig app = ConfigLoader.parse("""
                storage: {data_dir: "%s"}
                cameras:
                  gate1:
                    source: {url: x.mp4}
                    plates: {line: [[0, 200], [640, 200]]}
                  gate2:
                    source: {url: y.mp4}
                    plates: {enabled: false, line: [[0, 200], [640, 200]]}
                  gate3:
                    source: {url: z.mp4}
                    plates: {line: [[0, 100], [640, 100]]}
                """.formatted(dir.resolve("data")), "test.yml", Map.of());
        OpenCv.load();
        Map<String, PlateReader> readers = ServeCommand.WardWatch.plateReaders(app);
        try {
            assertEquals(List.of("gate1", "gate3"), List.copyOf(readers.keySet()));
            readers.values().forEach(r -> assertInstanceOf(OcrPlateReader.class, r));
            assertEquals(2, readers.values().stream().distinct().count(), "readers are not shared between cameras");
        } finally {
            readers.values().forEach(PlateReader::close);
        }
    }
}
