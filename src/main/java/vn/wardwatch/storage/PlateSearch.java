package vn.wardwatch.storage;

import java.time.Instant;

/**
 * Which plates to return, newest first. Null filters mean "all".
 *
 * @param characters separator-free plate characters; plates one edit away (Levenshtein) match too, after the exact
 *                   ones
 * @param from       inclusive
 * @param to         exclusive
 */
public record PlateSearch(String characters, String cameraId, Instant from, Instant to, int limit) {
}
