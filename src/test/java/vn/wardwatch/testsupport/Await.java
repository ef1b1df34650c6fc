package vn.wardwatch.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; for tests of things that happen asynchronously. */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Fails with {@code what} plus the current {@code state} if the condition does not hold in time. */
    public static void until(Duration timeout, String what, BooleanSupplier condition, Supplier<?> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what
                        + "; state: " + state.get());
            }
            Thread.sleep(POLL_MILLIS); // a poll interval, not a wait for something to happen
        }
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        until(timeout, what, condition, () -> "-");
    }
}
