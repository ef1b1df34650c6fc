package vn.wardwatch.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The signature is the worked example of docs/PUSH.md (computed there with Python's hmac module). */
class WebhookSignatureTest {

    private static final String BODY = "{\"id\":\"5f0c1d2e-8a47-4f7e-9a59-0b7e3c2d1a10\",\"event\":\"level\",\"data\":"
            + "{\"camera\":\"gate1\",\"zone\":\"north\",\"level\":\"congested\",\"at\":\"2026-11-22T01:02:03.400Z\","
            + "\"frameAt\":\"2026-11-22T01:02:03.200Z\",\"metrics\":{\"occupancy\":0.82}}}";
    private static final String SIGNATURE =
            "sha256=bede17436dbd27c69c7f396729e88a5c67b4b8e13ec3c4bfe808373185acaea3";

    @Test
    void matchesTheDocumentedExample() {
        assertEquals(SIGNATURE, WebhookSignature.sign("example-secret", "1763773323", BODY));
        assertTrue(WebhookSignature.verify("example-secret", "1763773323", BODY, SIGNATURE));
    }

    @Test
    void anyChangeBreaksIt() {
        assertFalse(WebhookSignature.verify("example-secret", "1763773324", BODY, SIGNATURE), "timestamp");
        assertFalse(WebhookSignature.verify("other-secret", "1763773323", BODY, SIGNATURE), "secret");
        assertFalse(WebhookSignature.verify("example-secret", "1763773323", BODY.replace("0.82", "0.83"), SIGNATURE));
        assertFalse(WebhookSignature.verify("example-secret", "1763773323", BODY, null));
    }
}
