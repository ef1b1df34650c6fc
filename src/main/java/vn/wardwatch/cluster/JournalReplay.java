package vn.wardwatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api node's replay of dead workers' journals ({@link OutboxJournal}): a journal directory whose source (a
 * worker run's member UUID) is not a live member belongs to a worker that died (SIGKILL, lost machine) or stopped
 * with messages unacknowledged. Its unacknowledged messages are sent, oldest first, one at a time, to this node's
 * own receivers at the outbox's address, the same idempotent stores a worker's messages reach (counts by source
 * totals, violations inserted if absent, warnings upserted by id, zone minutes replaced), so a replay racing a late
 * message of the worker, or a second replay, changes nothing. A journal file is deleted only once every message in
 * it is stored; one that fails stays and is tried again at the next scan.
 *
 * <p>Scans run on one thread: when the api node starts (a worker that died while it was down), on every
 * membership change (a worker dropped), and every {@value #RESCAN_MS} ms (a replay that failed).
 *
 * <p>A source this node has seen as a member and no longer sees is dead: replayed at once. A source it has never
 * seen is replayed only once its journal has been quiet for {@link #QUIET}: it may be a worker still joining (its
 * journal written before this node's member list shows it), whose files must not be taken from under it.
 */
public final class JournalReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);
    private static final long REQUEST_TIMEOUT_MS = 30_000;
    static final long RESCAN_MS = 10_000;
    static final Duration QUIET = Duration.ofSeconds(30);

    private final EventBus bus;
    private final Path root;
    private final Supplier<Set<String>> liveMembers;
    private final Consumer<String> replayed;
    private final Set<String> seenLive = new HashSet<>();
    /** Only the leading api node replays (several api nodes would race over the same files). */
    private volatile java.util.function.BooleanSupplier leading = () -> true;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-journal-replay");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param root        the journals' directory ({@link #root}), the same on every node
     * @param liveMembers the member UUIDs of the cluster now: their journals are still being written
     * @param replayed    called on the replay thread with each dead source whose journal is now all stored
     */
    public JournalReplay(EventBus bus, Path root, Supplier<Set<String>> liveMembers, Consumer<String> replayed) {
        this.bus = bus;
        this.root = root;
        this.liveMembers = liveMembers;
        this.replayed = replayed;
    }

    /** With nothing to do once a source is replayed. */
    public JournalReplay(EventBus bus, Path root, Supplier<Set<String>> liveMembers) {
        this(bus, root, liveMembers, source -> { });
    }

    /**
     * The api node's replay: scans once the receivers listen (a request before would find no handler), on every
     * membership change, and every {@value #RESCAN_MS} ms; {@code replayed} is told each dead source whose journal
     * is all stored (its warnings still open are cleared there).
     */
    public static JournalReplay startAfter(List<? extends MessageConsumer<?>> receivers, ClusterNode node, Path root,
                                           Consumer<String> replayed) {
        JournalReplay replay = new JournalReplay(node.vertx().eventBus(), root, node::liveMembers, replayed);
        replay.onlyWhile(node::leadsApiNodes);
        node.onMembershipChange(replay::scan);
        Future.all(receivers.stream().map(MessageConsumer::completion).toList()).onComplete(r -> {
            if (r.failed()) {
                LOG.error("cluster: receivers not registered, journals replayed at the next scan: {}",
                        r.cause().toString());
            }
            replay.start();
        });
        return replay;
    }

    /** Scans only while {@code leading} says so (the leading api node; a follower's scans do nothing). */
    public void onlyWhile(java.util.function.BooleanSupplier leading) {
        this.leading = leading;
    }

    /** {@code <parent of evidence.dir>/cluster-journal}: next to the other shared paths. */
    public static Path root(Path sharedMediaRoot) {
        return sharedMediaRoot.resolve(OutboxJournal.DIRECTORY);
    }

    /** One worker run's journal directory. */
    public static Path directory(Path root, String sourceId) {
        return root.resolve(sourceId);
    }

    /** Scans now and every {@value #RESCAN_MS} ms (call once the receivers are registered). */
    public void start() {
        try {
            executor.scheduleWithFixedDelay(this::safeReplayDead, 0, RESCAN_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed before the receivers listened: the api node is stopping; its next start replays
        }
    }

    /** A scan soon, on the replay thread (membership changes call this on a Hazelcast thread). */
    public void scan() {
        try {
            executor.execute(this::safeReplayDead);
        } catch (RejectedExecutionException e) {
            // closed: the api node is stopping; the next start replays
        }
    }

    private void safeReplayDead() {
        try {
            replayDead();
        } catch (RuntimeException e) {
            LOG.error("cluster: journal replay failed, tried again in {} ms: {}", RESCAN_MS, e.toString());
        }
    }

    /**
     * Replays every journal whose source is not a live member; returns the sources now fully replayed. Nothing
     * while another api node leads ({@link #onlyWhile}).
     */
    public synchronized List<String> replayDead() {
        List<String> done = new ArrayList<>();
        if (!leading.getAsBoolean() || !Files.isDirectory(root)) {
            return done;
        }
        List<Path> sources;
        try (Stream<Path> s = Files.list(root)) {
            sources = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cluster: cannot list the journals in {}: {}", root, e.toString());
            return done;
        }
        Set<String> live = liveMembers.get();
        seenLive.addAll(live);
        for (Path dir : sources) {
            String source = dir.getFileName().toString();
            if (live.contains(source)) {
                continue;
            }
            if (!seenLive.contains(source) && !quiet(dir)) {
                LOG.debug("cluster: journal {} of an unknown source written lately, not replayed yet", dir);
                continue;
            }
            if (replay(dir)) {
                done.add(source);
                replayed.accept(source);
            }
        }
        return done;
    }

    /** True when nothing in the directory was written for {@link #QUIET}. */
    private static boolean quiet(Path dir) {
        long since = System.currentTimeMillis() - QUIET.toMillis();
        try (Stream<Path> s = Stream.concat(Stream.of(dir), Files.list(dir))) {
            return s.allMatch(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() < since;
                } catch (IOException e) {
                    return false; // gone or unreadable now: look again at the next scan
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** Replays one source's journals; true when all of them are stored and deleted. */
    boolean replay(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        } catch (IOException e) {
            LOG.warn("cluster: cannot list the journal {}: {}", dir, e.toString());
            return false;
        }
        int sent = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(OutboxJournal.SUFFIX + ".tmp")) {
                deleteQuietly(file); // a compaction cut short: the journal itself is still whole
                continue;
            }
            if (!name.endsWith(OutboxJournal.SUFFIX)) {
                LOG.warn("cluster: {} is not a journal, left alone", file);
                continue;
            }
            int n = replayFile(file);
            if (n < 0) {
                return false;
            }
            sent += n;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("cluster: journal {} replayed but not deleted: {}", dir, e.toString());
            return false;
        }
        LOG.info("cluster: journal of worker {} replayed: {} unacknowledged message(s) stored", dir.getFileName(),
                sent);
        return true;
    }

    /** @return the messages stored, or -1 when one could not be (the file stays) */
    private int replayFile(Path file) {
        String address = OutboxJournal.addressOf(file);
        List<OutboxJournal.Entry> entries;
        try {
            entries = OutboxJournal.unacknowledged(file);
        } catch (IOException e) {
            LOG.warn("cluster: cannot read the journal {}: {}", file, e.toString());
            return -1;
        }
        for (OutboxJournal.Entry e : entries) {
            try {
                store(bus, address, e.message());
            } catch (ExecutionException | TimeoutException ex) {
                LOG.warn("cluster: journal {} entry {} not stored, tried again later: {}", file, e.seq(),
                        ex.getCause() == null ? ex.toString() : ex.getCause().getMessage());
                return -1;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return deleteQuietly(file) ? entries.size() : -1;
    }

    /** Sends one message to this node's receiver at {@code address} and waits until it is stored (acknowledged). */
    static void store(EventBus bus, String address, JsonObject message)
            throws ExecutionException, TimeoutException, InterruptedException {
        bus.request(address, message, new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS))
                .toCompletionStage().toCompletableFuture().get(REQUEST_TIMEOUT_MS + 5000, TimeUnit.MILLISECONDS);
    }

    private static boolean deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            LOG.warn("cluster: {} not deleted: {}", file, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
