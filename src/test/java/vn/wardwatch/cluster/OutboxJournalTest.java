package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file itself: what is written, what an acknowledgement removes, how it stays small, a cut last line. */
class OutboxJournalTest {

    private static final String ADDRESS = "wardwatch.cluster.test";

    @TempDir
    Path dir;

    private static JsonObject message(int n) {
        return new JsonObject().put("n", n).put("text", "message " + n);
    }

    private static List<Integer> numbers(Path file) throws Exception {
        List<Integer> out = new ArrayList<>();
        OutboxJournal.unacknowledged(file).forEach(e -> out.add(e.message().getInteger("n")));
        return out;
    }

    @Test
    void unacknowledgedMessagesReadBackInTheOrderWrittenAndAnAckRemovesOnlyItsOwn() throws Exception {
        Path file = OutboxJournal.fileOf(dir.resolve("w1"), ADDRESS);
        OutboxJournal journal = OutboxJournal.create(dir.resolve("w1"), ADDRESS);
        List<Long> seqs = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            seqs.add(journal.append(message(n)));
        }
        journal.ack(seqs.get(1));
        journal.ack(List.of(seqs.get(3), 999L)); // an unknown seq is ignored
        // Read while still open, as the api node finds the file of a killed worker: no close, no flush.
        assertEquals(List.of(1, 3, 5), numbers(file));
        assertEquals(ADDRESS, OutboxJournal.addressOf(file));
        assertFalse(journal.allAcknowledged());
        journal.sync();
        journal.close();
        assertTrue(Files.exists(file), "unacknowledged messages stay for the replay");
        assertEquals(List.of(1, 3, 5), numbers(file));
    }

    @Test
    void everythingAcknowledgedEmptiesTheFileAndACleanCloseDeletesIt() throws Exception {
        Path file = OutboxJournal.fileOf(dir, ADDRESS);
        OutboxJournal journal = OutboxJournal.create(dir, ADDRESS);
        long a = journal.append(message(1));
        long b = journal.append(message(2));
        assertTrue(Files.size(file) > 0);
        journal.ack(List.of(a, b));
        assertTrue(journal.allAcknowledged());
        assertEquals(0, Files.size(file), "nothing left to replay: emptied");
        journal.append(message(3));
        assertEquals(List.of(3), numbers(file), "sequence numbers go on after emptying");
        journal.ack(3);
        journal.close();
        assertFalse(Files.exists(file));
    }

    @Test
    void aLongJournalIsRewrittenWithOnlyItsUnacknowledgedEntries() throws Exception {
        Path file = OutboxJournal.fileOf(dir, ADDRESS);
        OutboxJournal journal = OutboxJournal.create(dir, ADDRESS);
        long kept = journal.append(message(0)); // never acknowledged: the file is never emptied
        String padding = "x".repeat(1000);
        for (int n = 1; n <= 1500; n++) {
            long seq = journal.append(message(n).put("padding", padding));
            journal.ack(seq);
        }
        // ~1.5 MB written in all: rewritten once past 1 MiB, so it holds well under that now.
        assertTrue(Files.size(file) < 1 << 20, "not rewritten: " + Files.size(file) + " bytes");
        assertEquals(List.of(0), numbers(file));
        journal.append(message(2000));
        assertEquals(List.of(0, 2000), numbers(file), "appends go on into the rewritten file");
        journal.ack(kept);
        assertEquals(List.of(2000), numbers(file));
        journal.close();
    }

    @Test
    void aLineCutShortByAKillIsSkippedAndTheOthersStillCount() throws Exception {
        Path file = OutboxJournal.fileOf(dir, ADDRESS);
        OutboxJournal journal = OutboxJournal.create(dir, ADDRESS);
        journal.append(message(1));
        journal.append(message(2));
        // What a SIGKILL in the middle of a write() leaves: a partial line, no newline.
        Files.write(file, "{\"seq\":3,\"message\":{\"n\":3,\"te".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        assertEquals(List.of(1, 2), numbers(file));
    }

    @Test
    void aSecondJournalForTheSameSourceAndAddressIsRefused() {
        OutboxJournal.create(dir, ADDRESS).close(); // empty: its close deleted it, so a second create works
        OutboxJournal first = OutboxJournal.create(dir, ADDRESS);
        first.append(message(1));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> OutboxJournal.create(dir, ADDRESS));
        assertTrue(e.getMessage().contains(ADDRESS + ".jsonl"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutboxJournal.create(dir, "a/b"));
    }
}
