package vn.wardwatch.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two recorders reaching the same segment name: the second is refused, nothing already there is replaced. */
class NoReplaceMoveTest {

    @TempDir
    Path dir;

    @Test
    void movesWhenTheNameIsFreeAndRefusesAnExistingTarget() throws Exception {
        Path a = Files.write(dir.resolve("a.ts"), new byte[] {1});
        Path b = Files.write(dir.resolve("b.ts"), new byte[] {2});
        Path target = dir.resolve("day/093112-125-000003.ts");
        Files.createDirectories(target.getParent());
        NoReplaceMove.move(a, target);
        assertTrue(Files.notExists(a));
        assertThrows(FileAlreadyExistsException.class, () -> NoReplaceMove.move(b, target));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(target), "the first file is what it was");
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(b), "the refused file stays where it was");
    }

    @Test
    void ofManyMovesToOneNameAtOnceExactlyOneWinsAndTheOthersKeepTheirFiles() throws Exception {
        int writers = 8;
        Path target = dir.resolve("same.ts");
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            sources.add(Files.write(dir.resolve("src-" + i + ".ts"), new byte[] {(byte) i}));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> moved = new ArrayList<>();
            for (Path source : sources) {
                moved.add(pool.submit(() -> {
                    go.await();
                    try {
                        NoReplaceMove.move(source, target);
                        return true;
                    } catch (FileAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int winner = -1;
            for (int i = 0; i < writers; i++) {
                if (moved.get(i).get(30, TimeUnit.SECONDS)) {
                    assertEquals(-1, winner, "only one move succeeds");
                    winner = i;
                }
            }
            assertTrue(winner >= 0);
            assertArrayEquals(new byte[] {(byte) winner}, Files.readAllBytes(target));
            for (int i = 0; i < writers; i++) {
                assertEquals(i != winner, Files.exists(sources.get(i)), "source " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
