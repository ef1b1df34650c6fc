package vn.wardwatch.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which live worker runs which camera: rendezvous (highest-random-weight) hashing of the camera id over the
 * worker ids. Every node computes the same answer from the same membership without talking to the others, and
 * when a worker leaves only its own cameras move (the others keep their highest-weight worker).
 */
public final class CameraAssignment {

    private CameraAssignment() {
    }

    /** The worker that should run {@code cameraId}, or null when there are no workers. */
    public static String ownerOf(String cameraId, Collection<String> workerIds) {
        String best = null;
        long bestWeight = 0;
        // Sorted so that equal weights (practically impossible) still break the same way on every node.
        for (String worker : new TreeSet<>(workerIds)) {
            long w = weight(cameraId, worker);
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0) {
                best = worker;
                bestWeight = w;
            }
        }
        return best;
    }

    /** Camera id to worker id for every camera; cameras map to nothing when there are no workers. */
    public static Map<String, String> assign(Collection<String> cameraIds, Collection<String> workerIds) {
        Map<String, String> result = new TreeMap<>();
        for (String camera : cameraIds) {
            String owner = ownerOf(camera, workerIds);
            if (owner != null) {
                result.put(camera, owner);
            }
        }
        return result;
    }

    /** The cameras, in the given order, that {@code workerId} should run. */
    public static List<String> camerasOf(String workerId, Collection<String> cameraIds, Collection<String> workerIds) {
        List<String> mine = new ArrayList<>();
        for (String camera : cameraIds) {
            if (workerId.equals(ownerOf(camera, workerIds))) {
                mine.add(camera);
            }
        }
        return mine;
    }

    // SHA-256 rather than String.hashCode: the weights must be well spread and identical on every JVM.
    private static long weight(String cameraId, String workerId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((cameraId + '\u0000' + workerId).getBytes(StandardCharsets.UTF_8));
            long w = 0;
            for (int i = 0; i < 8; i++) {
                w = (w << 8) | (d[i] & 0xff);
            }
            return w;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
