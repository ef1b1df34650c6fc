package vn.wardwatch.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One audit log entry as stored.
 *
 * @param seq       1, 2, 3 ... without gaps
 * @param at        UTC instant, millisecond precision (what the database keeps)
 * @param prevHash  the previous entry's {@code entryHash}; {@link #GENESIS} for the first
 * @param entryHash {@link #hash} of the other fields
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String detail,
                         String prevHash, String entryHash) {

    /** The first entry's previous hash: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /** Whether the stored hash still matches the fields. */
    public boolean intact() {
        return hash(seq, at, actor, action, target, detail, prevHash).equals(entryHash);
    }

    /**
     * SHA-256 (lower-case hex) over the canonical encoding: for each field in order (seq in decimal, at as ISO-8601
     * {@link Instant#toString()}, actor, action, target, detail, prev_hash), its UTF-8 byte length in decimal, a colon,
     * the bytes and a newline. Length prefixes make it unambiguous: no choice of field contents can make two different
     * entries encode alike (a separator alone could be forged by putting it inside a field).
     */
    public static String hash(long seq, Instant at, String actor, String action, String target, String detail,
                              String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : new String[] {Long.toString(seq), at.toString(), actor, action, target, detail,
            prevHash}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            out.write(':');
            out.writeBytes(bytes);
            out.write('\n');
        }
        return sha256(out.toByteArray());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
