package vn.wardwatch.util;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Bounded hand-off from a producer that must never wait to a consumer that may fall behind. When full, the OLDEST
 * element is dropped (and released): for live analysis a fresh item is worth more than a complete backlog.
 *
 * @param <T> elements holding native memory or other resources, freed by the release function
 */
public class DropOldestQueue<T> {

    private final int capacity;
    private final ArrayDeque<T> items;
    private final Consumer<T> release;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long drops;

    public DropOldestQueue(int capacity, Consumer<T> release) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
        this.release = release;
    }

    /** Adds an item, dropping and releasing the oldest one when full. Never blocks. */
    public void offer(T item) {
        T dropped = null;
        lock.lock();
        try {
            if (items.size() == capacity) {
                dropped = items.pollFirst();
                drops++;
            }
            items.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            release.accept(dropped);
        }
    }

    /** The oldest item, waiting up to {@code timeout}; null if none came. The caller owns (releases) the item. */
    public T poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return items.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Wait time in a unit for callers that prefer it. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(Duration.ofNanos(unit.toNanos(timeout)));
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Items dropped because the queue was full, since creation. */
    public long drops() {
        lock.lock();
        try {
            return drops;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and releases all queued items (on shutdown). */
    public void clear() {
        lock.lock();
        try {
            items.forEach(release);
            items.clear();
        } finally {
            lock.unlock();
        }
    }
}
