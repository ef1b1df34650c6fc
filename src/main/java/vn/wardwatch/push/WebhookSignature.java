package vn.wardwatch.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-WardWatch-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. The timestamp is signed with
 * the body so that a receiver can refuse replays of old requests.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    /** The header value for {@code timestamp} (epoch seconds as sent in X-WardWatch-Timestamp) and the body. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Constant-time check, as a receiver does it. */
    public static boolean verify(String secret, String timestamp, String body, String header) {
        String expected = sign(secret, timestamp, body);
        return header != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }
}
