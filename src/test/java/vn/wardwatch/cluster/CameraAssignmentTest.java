package vn.wardwatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CameraAssignmentTest {

    private static List<String> cameras(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("cam-" + i);
        }
        return ids;
    }

    @Test
    void sameAnswerWhateverTheOrderOfTheMembership() {
        Map<String, String> a = CameraAssignment.assign(cameras(50), List.of("w1", "w2", "w3"));
        Map<String, String> b = CameraAssignment.assign(cameras(50), List.of("w3", "w1", "w2"));
        assertEquals(a, b);
        assertEquals(50, a.size());
    }

    @Test
    void onlyTheDeadWorkersCamerasMove() {
        List<String> cams = cameras(200);
        Map<String, String> before = CameraAssignment.assign(cams, Set.of("w1", "w2", "w3"));
        Map<String, String> after = CameraAssignment.assign(cams, Set.of("w1", "w3"));
        for (String c : cams) {
            if (!before.get(c).equals("w2")) {
                assertEquals(before.get(c), after.get(c), c + " moved although its worker lived");
            } else {
                assertNotEquals("w2", after.get(c));
            }
        }
    }

    @Test
    void aJoiningWorkerTakesCamerasOnlyForItself() {
        List<String> cams = cameras(200);
        Map<String, String> before = CameraAssignment.assign(cams, Set.of("w1", "w2"));
        Map<String, String> after = CameraAssignment.assign(cams, Set.of("w1", "w2", "w3"));
        int moved = 0;
        for (String c : cams) {
            if (!before.get(c).equals(after.get(c))) {
                assertEquals("w3", after.get(c));
                moved++;
            }
        }
        // Roughly a third should move to the newcomer; the bounds only guard against a degenerate hash.
        assertTrue(moved > 40 && moved < 100, "moved " + moved);
    }

    @Test
    void noWorkersMeansNoOwner() {
        assertEquals(Map.of(), CameraAssignment.assign(cameras(3), List.of()));
        assertEquals(List.of(), CameraAssignment.camerasOf("w1", cameras(3), List.of()));
        assertEquals(cameras(3), CameraAssignment.camerasOf("w1", cameras(3), List.of("w1")));
    }
}
