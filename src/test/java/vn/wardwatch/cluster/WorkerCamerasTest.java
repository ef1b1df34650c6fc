package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkerCamerasTest {

    private static final List<String> CAMERAS = List.of("cam1", "cam2", "cam3", "cam4", "cam5", "cam6");

    @Test
    void workersSplitTheCamerasAndTheSurvivorTakesTheDeadOnesOver() {
        AtomicReference<Collection<String>> members = new AtomicReference<>(List.of("w1", "w2"));
        List<String> log = new ArrayList<>();
        WorkerCameras w1 = new WorkerCameras("w1", CAMERAS, members::get, id -> log.add("w1+" + id),
                id -> log.add("w1-" + id));
        WorkerCameras w2 = new WorkerCameras("w2", CAMERAS, members::get, id -> log.add("w2+" + id),
                id -> log.add("w2-" + id));
        w1.rebalance();
        w2.rebalance();
        Set<String> all = new HashSet<>(w1.running());
        all.addAll(w2.running());
        assertEquals(Set.copyOf(CAMERAS), all);
        assertEquals(CAMERAS.size(), w1.running().size() + w2.running().size(), "a camera runs twice");
        Set<String> w1Before = w1.running();

        members.set(List.of("w1"));  // w2 is dropped from the membership
        log.clear();
        w1.rebalance();
        assertEquals(Set.copyOf(CAMERAS), w1.running());
        assertTrue(log.stream().noneMatch(e -> e.startsWith("w1-")), "w1 stopped a camera it kept: " + log);
        assertEquals(CAMERAS.size() - w1Before.size(), log.size());

        members.set(List.of("w1", "w3"));  // a newcomer takes its share; w1 stops exactly those
        log.clear();
        w1.rebalance();
        Set<String> moved = new HashSet<>(CAMERAS);
        moved.removeAll(w1.running());
        assertEquals(moved, new HashSet<>(log.stream().map(e -> e.substring(3)).toList()));
        assertEquals(Set.copyOf(CameraAssignment.camerasOf("w3", CAMERAS, List.of("w1", "w3"))), moved);
        w1.close();
        w2.close();
    }

    @Test
    void aFailedStartIsRetriedAtTheNextCheck() {
        List<String> started = new ArrayList<>();
        boolean[] fail = {true};
        WorkerCameras w = new WorkerCameras("w1", List.of("cam1"), () -> List.of("w1"), id -> {
            if (fail[0]) {
                throw new IllegalStateException("ffmpeg missing");
            }
            started.add(id);
        }, id -> { });
        w.rebalance();
        assertEquals(Set.of(), w.running());
        fail[0] = false;
        w.rebalance();
        assertEquals(List.of("cam1"), started);
        w.close();
    }
}
