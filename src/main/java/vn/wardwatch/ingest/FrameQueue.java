package vn.wardwatch.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded hand-off between one camera's ingest and its analysis. When analysis falls behind, the OLDEST frame is
 * dropped (and its Mat released): for live counting a fresh frame is worth more than a complete backlog.
 */
public final class FrameQueue {

    private final int capacity;
    private final ArrayDeque<Frame> frames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private long drops;

    public FrameQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.frames = new ArrayDeque<>(capacity);
    }

    /** Adds a frame, dropping and closing the oldest one when full. Never blocks. */
    public void offer(Frame frame) {
        Frame dropped = null;
        lock.lock();
        try {
            if (frames.size() == capacity) {
                dropped = frames.pollFirst();
                drops++;
            }
            frames.addLast(frame);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            dropped.close();
        }
    }

    /** The oldest frame, waiting up to {@code timeout}; null if none came. The caller owns (closes) the frame. */
    public Frame poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (frames.isEmpty()) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return frames.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Frames dropped because the queue was full, since creation. */
    public long drops() {
        lock.lock();
        try {
            return drops;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and closes all queued frames (on shutdown). */
    public void clear() {
        lock.lock();
        try {
            frames.forEach(Frame::close);
            frames.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Wait time in a unit for callers that prefer it. */
    public Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(Duration.ofNanos(unit.toNanos(timeout)));
    }
}
