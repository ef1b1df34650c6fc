package vn.wardwatch.retention;

import java.time.Instant;

/**
 * One row of {@code deletion_record}.
 *
 * @param actor     {@link DeletionRecords#RETENTION} or a user name
 * @param kind      {@code violation}, {@code plate_read}, {@code warning}, {@code count_minute}, {@code zone_minute}
 * @param itemId    the item (a violation id), or the range of a batch ({@code plate_read 12..211 (200 rows)})
 * @param filesJson JSON array of {@code {path, sha256, bytes}}, one per file deleted
 * @param bytes     the files' total size
 */
public record DeletionRecord(long id, Instant at, String actor, String kind, String itemId, String reason,
                             String filesJson, long bytes) {
}
