package vn.wardwatch.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifest's JSON form round-trips and its canonical bytes do not depend on key order or whitespace. */
class EvidenceManifestTest {

    static EvidenceManifest sample(String violationId) {
        Instant utc = Instant.parse("2026-11-22T01:02:03.456Z");
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        return new EvidenceManifest(violationId, "cam-1", "Ngã tư Kim Mã – Liễu Giai", "Kim Mã, Ba Đình, Hà Nội",
                21.0318, 105.8142, "lane-2", "RED_LIGHT", utc, LocalDateTime.ofInstant(utc, zone), zone, "ntp", 42,
                "red", "image", List.of(new EvidenceManifest.Model("yolov8n", "8.3.0"),
                        new EvidenceManifest.Model("ppocr-v4", "4.0")),
                "9f86d081884c7d65", "30A12345", 0.93, null, List.of());
    }

    @Test
    void jsonRoundTrip() {
        EvidenceManifest m = sample("V1").withFiles(List.of(new EvidenceManifest.FileEntry("a.jpg", 3, "abc")));
        assertEquals(m, EvidenceManifest.fromJson(new JsonObject(m.toJson().encodePrettily())));
    }

    @Test
    void nullableFieldsRoundTrip() {
        EvidenceManifest full = sample("V2");
        EvidenceManifest m = new EvidenceManifest("V2", "cam-1", null, null, null, null, null, "WRONG_WAY",
                full.utcTime(), full.localTime(), full.zone(), "ntp", 7, null, null, List.of(), null, null, null, null,
                List.of());
        assertEquals(m, EvidenceManifest.fromJson(new JsonObject(m.toJson().encode())));
    }

    @Test
    void canonicalBytesSortKeysAndHaveNoWhitespace() {
        JsonObject a = new JsonObject().put("b", 1).put("a", new JsonObject().put("z", "ư").put("y", null));
        JsonObject b = new JsonObject("{ \"a\" : { \"y\" : null, \"z\" : \"ư\" },\n \"b\" : 1 }");
        byte[] expected = "{\"a\":{\"y\":null,\"z\":\"ư\"},\"b\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, EvidenceManifest.canonicalBytes(a));
        assertArrayEquals(expected, EvidenceManifest.canonicalBytes(b));
    }

    @Test
    void canonicalBytesSurviveAReadBack() {
        EvidenceManifest m = sample("V3");
        byte[] canonical = m.canonicalBytes();
        JsonObject reread = new JsonObject(new String(canonical, StandardCharsets.UTF_8));
        assertArrayEquals(canonical, EvidenceManifest.canonicalBytes(reread));
        assertArrayEquals(canonical, EvidenceManifest.fromJson(reread).canonicalBytes());
    }

    @Test
    void missingRequiredFieldIsRejected() {
        JsonObject json = sample("V4").toJson();
        json.remove("utcTime");
        assertThrows(IllegalArgumentException.class, () -> EvidenceManifest.fromJson(json));
    }
}
