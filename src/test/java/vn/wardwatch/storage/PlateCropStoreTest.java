package vn.wardwatch.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlateCropStoreTest {

    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-22T18:30:00.250Z");
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path dir;

    @Test
    void cropsGoUnderCameraAndLocalDateAndLeaveNoTemporaryFile() throws IOException {
        PlateCropStore store = new PlateCropStore(dir);
        String path = store.write("gate1", LATE_EVENING_UTC, ZoneOffset.ofHours(7), 42, JPEG);
        // 18:30 UTC is 01:30 the next day in Hanoi.
        assertEquals("plates/gate1/2026-11-23/013000-250-track42.jpg", path);
        assertArrayEquals(JPEG, Files.readAllBytes(dir.resolve(path)));
        try (Stream<Path> files = Files.list(dir.resolve("plates/gate1/2026-11-23"))) {
            assertEquals(1, files.count());
        }
        assertEquals(dir.resolve(path), store.resolve(path).orElseThrow());
    }

    @Test
    void aSecondCropOfTheSameMomentNeverReplacesTheFirst() throws IOException {
        PlateCropStore store = new PlateCropStore(dir);
        String first = store.write("gate1", LATE_EVENING_UTC, ZoneOffset.UTC, 42, JPEG);
        String second = store.write("gate1", LATE_EVENING_UTC, ZoneOffset.UTC, 42, new byte[] {9});
        assertNotEquals(first, second);
        assertArrayEquals(JPEG, Files.readAllBytes(dir.resolve(first)));
    }

    @Test
    void anUnwritableDirectoryIsAnIoError() throws IOException {
        Files.writeString(dir.resolve("plates"), "a file where the directory should be");
        assertThrows(IOException.class,
                () -> new PlateCropStore(dir).write("gate1", LATE_EVENING_UTC, ZoneOffset.UTC, 1, JPEG));
    }

    @Test
    void onlyExistingFilesUnderThePlatesDirectoryResolve() throws IOException {
        PlateCropStore store = new PlateCropStore(dir);
        Files.writeString(dir.resolve("wardwatch.mv.db"), "database");
        assertTrue(store.resolve("wardwatch.mv.db").isEmpty());
        assertTrue(store.resolve("plates/../wardwatch.mv.db").isEmpty());
        assertTrue(store.resolve("plates/gate1/none.jpg").isEmpty());
        assertTrue(store.resolve(null).isEmpty());
    }
}
