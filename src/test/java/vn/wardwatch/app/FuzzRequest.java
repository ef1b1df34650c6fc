package vn.wardwatch.app;

import java.nio.charset.StandardCharsets;

/** One raw HTTP/1.1 request of the fuzz test, with what kind of damage it carries. */
record FuzzRequest(String kind, byte[] bytes, boolean oversizedBody) {

    /** The request line and size, printable (bytes below 0x20 shown as \xNN). */
    String describe() {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n' && end < 300) {
            end++;
        }
        StringBuilder s = new StringBuilder(kind).append(": ");
        for (byte b : new String(bytes, 0, end, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1)) {
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.append(" (").append(bytes.length).append(" bytes)").toString();
    }
}
