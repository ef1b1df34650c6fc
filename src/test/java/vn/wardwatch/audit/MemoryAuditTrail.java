package vn.wardwatch.audit;

import java.util.ArrayList;
import java.util.List;

/** Keeps entries in memory so tests can see what was audited (the real, hash-chained trail has its own tests). */
public final class MemoryAuditTrail implements AuditTrail {

    public record Entry(String actor, String action, String target, String detail) {
    }

    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized void record(String actor, String action, String target, String detail) {
        entries.add(new Entry(actor, action, target, detail));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Entry> withAction(String action) {
        return entries.stream().filter(e -> e.action().equals(action)).toList();
    }
}
