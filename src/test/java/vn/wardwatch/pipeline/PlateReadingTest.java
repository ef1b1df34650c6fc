package vn.wardwatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.config.DetectConfig;
import vn.wardwatch.config.GeometryConfig;
import vn.wardwatch.config.PlateConfig;
import vn.wardwatch.config.SourceConfig;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.metrics.Meters;
import vn.wardwatch.plate.CameraPlates;
import vn.wardwatch.plate.OcrPlateReader;
import vn.wardwatch.plate.PlateReader;
import vn.wardwatch.plate.SyntheticPlates;
import vn.wardwatch.plate.PlateColour;
import vn.wardwatch.plate.PlateLayout;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateSearch;
import vn.wardwatch.storage.StoredPlate;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.Await;
import vn.wardwatch.testsupport.Tracks;
import vn.wardwatch.track.Track;
import vn.wardwatch.util.OpenCv;

/**
 * Plate reading as the analysis thread drives it: tracks (as the tracker reports them) over synthetic frames, the
 * real worker thread, vote, crop files and H2 database; only the OCR is scripted (see {@link ScriptedPlateReader}).
 * The test thread plays the analysis thread.
 */
class PlateReadingTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Database database;
    private JdbcPlateRepository repository;
    private PlateWriter writer;
    private SimpleMeterRegistry registry;
    private final List<Mat> frames = new ArrayList<>();

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @BeforeEach
    void open() {
        database = Database.open(dir.resolve("ww"));
        repository = new JdbcPlateRepository(database);
        registry = new SimpleMeterRegistry();
        writer = new PlateWriter(repository, new PlateCropStore(dir), registry);
    }

    @AfterEach
    void close() {
        frames.forEach(Mat::release);
        database.close();
    }

    /** A camera whose plate line is horizontal at y = 200. */
    private static CameraConfig camera(int frames, int candidates, int queueSize) {
        PlateConfig plates = new PlateConfig(true, new LineSegment(new Point(0, 200), new Point(640, 200)), null,
                frames, candidates, 60, queueSize);
        return new CameraConfig("gate1", "gate1", ZoneId.of("Asia/Ho_Chi_Minh"),
                new SourceConfig("x.mp4", "x.mp4", false, 5),
                new DetectConfig(640, 360, 5, Map.of(), List.of(), false, 4),
                new GeometryConfig(List.of(), List.of()), plates);
    }

    /** A frame of one grey level; {@code sharp} boxes get a fine checkerboard (what the quality score prefers). */
    private Mat frame(int grey, Track... sharp) {
        Mat m = new Mat(360, 640, CvType.CV_8UC3, new Scalar(grey, grey, grey));
        for (Track t : sharp) {
            for (int y = (int) t.box().y(); y < t.box().bottom(); y += 2) {
                for (int x = (int) t.box().x(); x < t.box().right(); x += 2) {
                    m.put(y, x, 255, 255, 255);
                }
            }
        }
        frames.add(m);
        return m;
    }

    /** What the analysis thread does to a started camera's plate reading; closed (rounds finished) afterwards. */
    private interface Frames {
        void feed(CameraPlates plates) throws Exception;
    }

    private void run(CameraConfig camera, PlateReader reader, Frames frames) throws Exception {
        CameraPlates plates = new CameraPlates(camera, reader, writer, registry);
        plates.start();
        try {
            frames.feed(plates);
        } finally {
            plates.close();
        }
    }

    private List<StoredPlate> stored() {
        return repository.search(new PlateSearch(null, null, null, null, 100));
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        if (counter != null) {
            return counter.count();
        }
        var functionCounter = registry.find(name).tags(tags).functionCounter();
        return functionCounter == null ? 0 : functionCounter.count();
    }

    @Test
    void aTrackCrossingThePlateLineIsReadOnItsBestFramesVotedAndStoredWithItsCrop() throws Exception {
        ScriptedPlateReader reader = new ScriptedPlateReader(Map.of(
                10, "30A-339.18@0.9", 20, "99Z-999.99@0.99", 30, "30A-339.16@0.6", 40, "30A-339.18@0.8"), false);
        run(camera(3, 4, 16), reader, plates -> {
            Track above = Tracks.at(1, ObjectClass.CAR, 100, 150);
            plates.onFrame(frame(5, above), List.of(above), List.of(), 0, T0);
            for (int k = 1; k <= 4; k++) {
                Track t = Tracks.at(1, ObjectClass.CAR, 100, 240 + 10 * k);
                // Frame 2 is blurred (no texture): of the 4 candidates it is the one left unread.
                Mat image = k == 2 ? frame(10 * k) : frame(10 * k, t);
                plates.onFrame(image, List.of(t), List.of(), 200L * k, T0.plusMillis(200L * k));
            }
            Await.until(WAIT, "the vote stored", () -> stored().size() == 1, () -> reader.greysRead);
        });
        assertEquals(List.of(10, 30, 40), reader.greysRead.stream().sorted().toList());
        StoredPlate p = stored().get(0);
        PlateVote vote = p.sighting().plate();
        assertEquals("30A-339.18", vote.text());
        assertEquals(3, vote.reads());
        assertEquals(2, vote.agreeingReads());
        assertEquals(List.of("30A-339.16"), vote.runnerUps().stream().map(PlateVote.RunnerUp::text).toList());
        assertEquals(1, p.sighting().trackId());
        assertEquals("line", p.sighting().reason());
        assertEquals(T0.plusMillis(200), p.sighting().seenAt(), "the time of the frame with the best read");
        assertEquals(7 * 3600, p.sighting().utcOffset().getTotalSeconds());

        Path crop = dir.resolve(p.cropFile());
        assertTrue(p.cropFile().startsWith("plates/gate1/2026-11-22/"), p.cropFile());
        Mat jpeg = Imgcodecs.imread(crop.toString());
        try {
            // The plate box (20 x 8) with a 10 % margin, not the whole vehicle crop.
            assertEquals(24, jpeg.cols());
            assertEquals(10, jpeg.rows());
        } finally {
            jpeg.release();
        }
        assertEquals(3, count(Meters.PLATE_READS, Meters.TAG_CAMERA, "gate1", Meters.TAG_RESULT, "plate"));
        assertEquals(1, count(Meters.PLATE_VOTES, Meters.TAG_CAMERA, "gate1"));
        assertEquals(3, registry.find(Meters.PLATE_READ_TIME).timer().count());
        assertTrue(reader.closed, "the reader is closed with its camera's plate reading");
    }

    /** The same path with the real PP-OCRv4 reader: a drawn plate on a vehicle that crosses the line is stored. */
    @Test
    void theRealOcrReaderReadsAndStoresThePlateOfAVehicleCrossingTheLine() throws Exception {
        Mat plate = SyntheticPlates.scaled(SyntheticPlates.plate(List.of("30-L9", "0860"), SyntheticPlates.WHITE,
                new Scalar(20, 20, 20)), 0.4);
        frames.add(plate);
        run(camera(3, 4, 16), new OcrPlateReader(), plates -> {
            int k = 0;
            for (int anchorY : new int[] {150, 230, 260, 290, 320}) {
                BoundingBox vehicle = new BoundingBox(220, anchorY - 150, 200, 150);
                Mat image = SyntheticPlates.inScene(plate, 640, 360, 270, anchorY - 90, 0.02, k);
                frames.add(image);
                plates.onFrame(image, List.of(Tracks.box(7, ObjectClass.CAR, vehicle, true)), List.of(), 200L * k,
                        T0.plusMillis(200L * k));
                k++;
            }
            Await.until(WAIT, "the vote stored", () -> stored().size() == 1, this::stored);
        });
        StoredPlate p = stored().get(0);
        assertEquals("30-L9 0860", p.sighting().plate().text());
        assertEquals(7, p.sighting().trackId());
        assertTrue(Files.size(dir.resolve(p.cropFile())) > 0, "the plate crop is on disk");
    }

    @Test
    void aSlowReaderNeverStallsTheAnalysisThreadTheOldestCropsAreDroppedAndCounted() throws Exception {
        // One crop per crossing, read alone; room for 2 waiting crops.
        ScriptedPlateReader reader = new ScriptedPlateReader(Map.of(
                20, "30A-111.11@0.9", 160, "30A-888.88@0.9", 180, "30A-999.99@0.9"), true);
        run(camera(1, 1, 2), reader, plates -> {
            List<Track> waiting = new ArrayList<>();
            for (long id = 1; id <= 9; id++) {
                waiting.add(Tracks.at(id, ObjectClass.CAR, 30 + 60 * id, 150));
            }
            plates.onFrame(frame(1), waiting, List.of(), 0, T0);
            // Frame k: car k crosses. Car 1's read holds the worker; the analysis thread goes on regardless.
            for (int k = 1; k <= 9; k++) {
                List<Track> tracks = new ArrayList<>(waiting);
                tracks.set(k - 1, Tracks.at(k, ObjectClass.CAR, 30 + 60 * k, 250));
                plates.onFrame(frame(20 * k), tracks, List.of(), 200L * k, T0.plusMillis(200L * k));
                if (k == 1) {
                    Await.until(WAIT, "the worker busy with car 1", reader::firstReadStarted);
                }
            }
            assertEquals(List.of(20), reader.greysRead, "still reading car 1 while 8 more frames were analysed");
            assertEquals(6, plates.drops(), "cars 2 to 7 dropped, 8 and 9 waiting");
            assertEquals(6, count(Meters.PLATE_DROPPED, Meters.TAG_CAMERA, "gate1"));

            reader.release();
            Await.until(WAIT, "the three surviving reads stored", () -> stored().size() == 3,
                    () -> reader.greysRead);
        });
        assertEquals(List.of(20, 160, 180), reader.greysRead, "the newest crops survived");
        assertEquals(List.of(9L, 8L, 1L), stored().stream().map(p -> p.sighting().trackId()).toList());
    }

    @Test
    void aTrackARuleFlagsIsReadAndStoredWithTheRulesReasonAndCollectedCropsAreReadOnTrackEnd() throws Exception {
        ScriptedPlateReader reader = new ScriptedPlateReader(Map.of(70, "51F-123.45@0.9"), false);
        run(camera(3, 8, 16), reader, plates -> {
            // Never near the plate line: only the rule's request makes it read.
            Track stopped = Tracks.at(4, ObjectClass.MOTORBIKE, 300, 330);
            plates.onFrame(frame(60), List.of(stopped), List.of(), 0, T0);
            plates.requestRead(4, "red_light");
            plates.onFrame(frame(70, stopped), List.of(stopped), List.of(), 200, T0.plusMillis(200));
            // The round wanted 8 crops; the track ends after 1: what it has is read.
            plates.onFrame(frame(80), List.of(), List.of(4L), 400, T0.plusMillis(400));
            Await.until(WAIT, "the flagged track's plate stored", () -> stored().size() == 1,
                    () -> reader.greysRead);
        });
        StoredPlate p = stored().get(0);
        assertEquals("51F-123.45", p.sighting().plate().text());
        assertEquals("red_light", p.sighting().reason());
        assertEquals(4, p.sighting().trackId());
    }

    @Test
    void aCropThatCannotBeWrittenLeavesThePlateStoredWithoutIt() throws Exception {
        Files.writeString(dir.resolve("plates"), "a file where the crop directory should be");
        ScriptedPlateReader reader = new ScriptedPlateReader(Map.of(10, "30A-339.18@0.9"), false);
        run(camera(1, 1, 16), reader, plates -> {
            Track t = Tracks.at(1, ObjectClass.CAR, 100, 150);
            plates.onFrame(frame(5), List.of(t), List.of(), 0, T0);
            Track crossed = Tracks.at(1, ObjectClass.CAR, 100, 250);
            plates.onFrame(frame(10, crossed), List.of(crossed), List.of(), 200, T0.plusMillis(200));
            Await.until(WAIT, "the plate stored", () -> stored().size() == 1);
        });
        assertNull(stored().get(0).cropFile());
        assertEquals(1, count(Meters.PLATE_CROP_FAILURES, Meters.TAG_CAMERA, "gate1"));
    }

    @Test
    void aRowTheDatabaseRefusesIsKeptAndStoredOnTheNextTry() throws Exception {
        try (var c = database.connection(); var s = c.createStatement()) {
            s.execute("ALTER TABLE plate_read RENAME TO plate_read_away");
        }
        PlateSighting sighting = new PlateSighting("gate1", T0, ZoneOffset.ofHours(7), 3, "line",
                new PlateVote("30A-339.18", "30A33918", PlateLayout.ONE_LINE, PlateColour.WHITE, 0.9, true, 1, 2, 2,
                        List.of()));
        Mat crop = new Mat(10, 24, CvType.CV_8UC3, new Scalar(200, 200, 200));
        frames.add(crop);
        writer.store(sighting, crop);
        assertEquals(1, writer.pending());
        assertEquals(1, count(Meters.PLATE_STORE_FAILURES, Meters.TAG_CAMERA, "gate1"));

        try (var c = database.connection(); var s = c.createStatement()) {
            s.execute("ALTER TABLE plate_read_away RENAME TO plate_read");
        }
        writer.flush();
        assertEquals(0, writer.pending());
        StoredPlate p = stored().get(0);
        assertEquals(sighting, p.sighting());
        assertTrue(Files.isRegularFile(dir.resolve(p.cropFile())), "the crop written before the failure is kept");
    }
}
