package vn.wardwatch.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The worker outboxes' last act at shutdown: resend what is unacknowledged and wait, up to a deadline, for the
 * api node's replies. The outbox notifies its own monitor on every reply, so the wait ends as soon as the last
 * acknowledgement arrives instead of polling.
 */
final class OutboxDrain {

    /** A failed request frees its slot on its own timeout; the drain resends at least this often meanwhile. */
    private static final long RESEND_MILLIS = 1000;

    private OutboxDrain() {
    }

    /**
     * @param outbox the monitor the outbox notifies on every reply ({@code notifyAll} under its lock)
     * @return true when everything was acknowledged within {@code wait}
     */
    static boolean drain(Object outbox, Runnable resend, BooleanSupplier acknowledged, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            resend.run();
            synchronized (outbox) {
                if (acknowledged.getAsBoolean()) {
                    return true;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                try {
                    outbox.wait(Math.min(left, RESEND_MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
