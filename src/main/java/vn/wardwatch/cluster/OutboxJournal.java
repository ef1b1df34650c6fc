package vn.wardwatch.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker outbox's append-only journal in the shared directory, so that what the worker produced outlives a
 * SIGKILL: each message is written ({@code {"seq":n,"message":{...}}}) when it is produced, before it exists only
 * in memory, and each acknowledgement is written too ({@code {"ack":[n,...]}}). The api node replays the
 * unacknowledged messages of a dead worker's journals ({@link JournalReplay}).
 *
 * <p>A plain write() is in the kernel's page cache when it returns: it survives the process being killed. It is
 * forced to the disk ({@link #sync}) at most once a second, from the outbox's own timer: a power loss may lose
 * the last second or two. Bounded: the file is emptied whenever everything is acknowledged and rewritten with only
 * the unacknowledged entries when it has grown well past them; {@link #close} deletes it when nothing is left.
 *
 * <p>A failed write (disk full, share gone) is logged and the message still goes out from memory: the journal
 * never stops the worker.
 */
final class OutboxJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxJournal.class);
    /** Under the parent of the shared evidence directory: {@code cluster-journal/<source id>/<address>.jsonl}. */
    static final String DIRECTORY = "cluster-journal";
    static final String SUFFIX = ".jsonl";
    private static final long SYNC_EVERY_NANOS = 1_000_000_000L;
    /** Rewritten when larger than this and more than twice its unacknowledged entries. */
    private static final long COMPACT_BYTES = 1 << 20;

    /** One unacknowledged message of a journal, for the replay. */
    record Entry(long seq, JsonObject message) {
    }

    private final Path file;
    private final String address;
    private FileChannel channel;
    private long nextSeq = 1;
    private final Map<Long, byte[]> unacked = new LinkedHashMap<>();
    private long unackedBytes;
    private long size;
    private boolean dirty;
    private long lastSync = System.nanoTime();
    private boolean failing;

    private OutboxJournal(Path file, String address, FileChannel channel) {
        this.file = file;
        this.address = address;
        this.channel = channel;
    }

    /** A journal that writes nothing: an outbox kept in memory only (tests, single-process uses). */
    static OutboxJournal none(String address) {
        return new OutboxJournal(null, address, null);
    }

    /** Creates {@code <directory>/<address>.jsonl} (the directory too); fails if it exists (a source id is new). */
    static OutboxJournal create(Path directory, String address) {
        Path file = fileOf(directory, address);
        try {
            Files.createDirectories(directory);
            return new OutboxJournal(file, address, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster journal " + file + ": " + e.getMessage(), e);
        }
    }

    static Path fileOf(Path directory, String address) {
        if (!address.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("outbox address '" + address + "' cannot name a journal file");
        }
        return directory.resolve(address + SUFFIX);
    }

    /** The address of a journal file's messages (its name without the suffix). */
    static String addressOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - SUFFIX.length());
    }

    /** Writes the message; returns its sequence number, for {@link #ack}. */
    synchronized long append(JsonObject message) {
        long seq = nextSeq++;
        if (channel != null) {
            byte[] line = (new JsonObject().put("seq", seq).put("message", message).encode() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            unacked.put(seq, line);
            unackedBytes += line.length;
            write(line);
        }
        return seq;
    }

    synchronized void ack(long seq) {
        ack(List.of(seq));
    }

    /** Records that these messages are stored by the api node: a replay skips them. */
    synchronized void ack(Collection<Long> seqs) {
        if (channel == null || seqs.isEmpty()) {
            return;
        }
        JsonArray acked = new JsonArray();
        for (Long seq : seqs) {
            byte[] line = unacked.remove(seq);
            if (line != null) {
                unackedBytes -= line.length;
                acked.add(seq);
            }
        }
        if (acked.isEmpty()) {
            return;
        }
        if (unacked.isEmpty()) {
            truncate();
        } else if (size > COMPACT_BYTES && size > 2 * unackedBytes) {
            rewrite();
        } else {
            write((new JsonObject().put("ack", acked).encode() + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** True when every message written is acknowledged. */
    synchronized boolean allAcknowledged() {
        return unacked.isEmpty();
    }

    /** Forces the writes to the disk, at most once a second (a killed process loses nothing unforced). */
    void sync() {
        FileChannel c;
        synchronized (this) {
            if (channel == null || !dirty || System.nanoTime() - lastSync < SYNC_EVERY_NANOS) {
                return;
            }
            dirty = false;
            lastSync = System.nanoTime();
            c = channel;
        }
        try {
            c.force(false); // outside the lock: the analysis thread's appends do not wait for the disk
        } catch (IOException e) {
            LOG.warn("cluster journal {}: not forced to disk: {}", file, e.toString());
        }
    }

    /** Closes the file and deletes it when every message is acknowledged; otherwise it stays for the replay. */
    @Override
    public synchronized void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
            channel.close();
            channel = null;
            if (unacked.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                LOG.warn("cluster journal {}: {} message(s) not acknowledged, kept for the api node to replay", file,
                        unacked.size());
            }
        } catch (IOException e) {
            LOG.warn("cluster journal {}: not closed cleanly: {}", file, e.toString());
        }
    }

    private void write(byte[] line) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            long at = size;
            while (buf.hasRemaining()) {
                at += channel.write(buf, at);
            }
            size = at;
            dirty = true;
            if (failing) {
                failing = false;
                LOG.info("cluster journal {}: writing again", file);
            }
        } catch (IOException e) {
            if (!failing) {
                failing = true; // logged once until it works again: every count would log otherwise
                LOG.error("cluster journal {}: cannot write ({}); {} messages are in memory only until it works",
                        file, e.toString(), address);
            }
        }
    }

    private void truncate() {
        try {
            channel.truncate(0);
            size = 0;
        } catch (IOException e) {
            LOG.warn("cluster journal {}: cannot empty it: {}", file, e.toString());
        }
    }

    /** Writes only the unacknowledged entries to a new file that replaces the journal atomically. */
    private void rewrite() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            long written = 0;
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (byte[] line : unacked.values()) {
                    ByteBuffer buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) {
                        written += out.write(buf);
                    }
                }
                out.force(false);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel.close();
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            size = written;
        } catch (IOException e) {
            LOG.warn("cluster journal {}: not compacted: {}", file, e.toString());
        }
    }

    /**
     * The messages of a journal file not acknowledged, in the order written. A line that is not a complete entry
     * (the last one, cut short by a kill mid-write) is skipped with a log line naming the file and the line.
     */
    static List<Entry> unacknowledged(Path file) throws IOException {
        Map<Long, JsonObject> entries = new LinkedHashMap<>();
        Set<Long> acked = new HashSet<>();
        int number = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonObject j = new JsonObject(line);
                    if (j.containsKey("ack")) {
                        j.getJsonArray("ack").forEach(n -> acked.add(((Number) n).longValue()));
                    } else if (j.getLong("seq") != null && j.getJsonObject("message") != null) {
                        entries.put(j.getLong("seq"), j.getJsonObject("message"));
                    } else {
                        throw new DecodeException("no seq and message");
                    }
                } catch (DecodeException | ClassCastException e) {
                    LOG.warn("cluster journal {} line {}: skipped, not a complete entry (cut short by a kill?): {}",
                            file, number, line.length() > 80 ? line.substring(0, 80) + "..." : line);
                }
            }
        }
        List<Entry> out = new ArrayList<>();
        entries.forEach((seq, message) -> {
            if (!acked.contains(seq)) {
                out.add(new Entry(seq, message));
            }
        });
        return out;
    }
}
