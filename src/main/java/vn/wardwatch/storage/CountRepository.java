package vn.wardwatch.storage;

import java.time.ZoneOffset;
import java.util.List;
import vn.wardwatch.analytics.counting.CountBucket;

/** Stores per-minute line counts and answers range queries in interval buckets. */
public interface CountRepository {

    /** Adds the buckets' counts to what is stored (a minute may arrive in several parts). */
    void add(List<CountBucket> buckets, ZoneOffset cameraOffset);

    /** Non-empty buckets, ordered by bucket start, then camera, line, class and direction. */
    List<CountRow> query(CountQuery query);
}
