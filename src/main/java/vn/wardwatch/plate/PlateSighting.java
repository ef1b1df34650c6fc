package vn.wardwatch.plate;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One track's plate as voted over a round of reads, ready to store.
 *
 * @param seenAt    wall-clock time of the frame whose read best shows the plate
 * @param utcOffset the camera's zone offset at that time
 * @param reason    why the track was read: {@code line}, {@code zone}, or what a violation rule asked with
 */
public record PlateSighting(String cameraId, Instant seenAt, ZoneOffset utcOffset, long trackId, String reason,
                            PlateVote plate) {
}
