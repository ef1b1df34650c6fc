package vn.wardwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import vn.wardwatch.config.SourceConfig;

class RedactorTest {

    private final SourceConfig src = new SourceConfig("rtsp://admin:hunter22@cam.local:554/live",
            "rtsp://admin:***@cam.local:554/live", false, 5);

    @Test
    void replacesTheConfiguredUrlAndBarePassword() {
        assertEquals("rtsp://admin:***@cam.local:554/live: Connection refused",
                Redactor.redact("rtsp://admin:hunter22@cam.local:554/live: Connection refused", src));
        assertFalse(Redactor.redact("auth failed for password hunter22", src).contains("hunter22"));
    }

    @Test
    void replacesCredentialsOfOtherUrlsToo() {
        assertEquals("redirect to rtsp://bob:***@10.1.1.1/x",
                Redactor.redact("redirect to rtsp://bob:pw@10.1.1.1/x", src));
    }
}
