package vn.wardwatch.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Webhook backoff: 1 s doubling to 5 min, each delay in the upper half of its step; Retry-After read. */
class RetryDelayTest {

    private final RetryDelay delay = new RetryDelay(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void doublesWithJitterUpToTheMaximum() {
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            long ceiling = ceilings[attempt - 1];
            for (int i = 0; i < 200; i++) {
                long ms = delay.after(attempt).toMillis();
                assertTrue(ms >= ceiling / 2 && ms <= ceiling, "attempt " + attempt + ": " + ms + " ms");
            }
        }
        assertTrue(delay.after(1000).toMillis() <= 300_000, "no overflow after many attempts");
    }

    @Test
    void retryAfterInSecondsIsRead() {
        assertEquals(Duration.ofSeconds(30), WebhookDispatcher.retryAfter("30"));
        assertNull(WebhookDispatcher.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT"));
        assertNull(WebhookDispatcher.retryAfter(null));
        assertNull(WebhookDispatcher.retryAfter("0"));
    }
}
