package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import vn.wardwatch.util.OpenCv;

class FrameQueueTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Frame frame(long seq) {
        return new Frame("cam", seq, seq * 100, Instant.now(), new Mat(4, 4, CvType.CV_8UC3));
    }

    @Test
    void dropsTheOldestWhenFullAndReleasesIt() throws InterruptedException {
        FrameQueue queue = new FrameQueue(2);
        List<Frame> offered = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
            Frame f = frame(i);
            offered.add(f);
            queue.offer(f);
        }
        assertEquals(2, queue.size());
        assertEquals(3, queue.drops());
        for (int i = 0; i < 3; i++) {
            assertTrue(offered.get(i).image().empty(), "dropped frame " + i + " must be released");
        }
        Frame a = queue.poll(Duration.ZERO);
        Frame b = queue.poll(Duration.ZERO);
        assertEquals(3, a.sequence());
        assertEquals(4, b.sequence());
        assertFalse(a.image().empty());
        a.close();
        b.close();
        assertEquals(0, queue.size());
    }

    @Test
    void pollTimesOutWhenEmptyAndWakesOnOffer() throws Exception {
        FrameQueue queue = new FrameQueue(3);
        assertNull(queue.poll(Duration.ofMillis(20)));

        Thread producer = new Thread(() -> queue.offer(frame(7)));
        producer.start();
        Frame got = queue.poll(Duration.ofSeconds(10));
        producer.join();
        assertEquals(7, got.sequence());
        assertEquals(0, queue.drops());
        got.close();
    }

    @Test
    void clearReleasesQueuedFrames() {
        FrameQueue queue = new FrameQueue(3);
        Frame f = frame(1);
        queue.offer(f);
        queue.clear();
        assertEquals(0, queue.size());
        assertTrue(f.image().empty());
    }
}
