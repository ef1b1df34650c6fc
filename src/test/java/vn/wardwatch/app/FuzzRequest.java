package vn.wardwatch.app;

import java.nio.charset.StandardCharsets;

/**
 * One raw HTTP/1.1 request of the fuzz test, with what kind of damage it carries and who sends it.
 *
 * @param caller the role whose valid bearer token the request carries ("admin", "officer", "coordinator", "ioc"),
 *               "none" for no Authorization header, or "bad" for the deliberately broken ones of the auth kind
 */
record FuzzRequest(String kind, String caller, byte[] bytes, boolean oversizedBody) {

    static final String NO_TOKEN = "none";
    static final String BAD_TOKEN = "bad";

    /** Whether the request carries a token of a real user (then the guard must let it through to the handler). */
    boolean authorised() {
        return !caller.equals(NO_TOKEN) && !caller.equals(BAD_TOKEN);
    }

    /** The request line and size, printable (bytes below 0x20 shown as \xNN). */
    String describe() {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n' && end < 300) {
            end++;
        }
        StringBuilder s = new StringBuilder(kind).append(" as ").append(caller).append(": ");
        for (byte b : new String(bytes, 0, end, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1)) {
            s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return s.append(" (").append(bytes.length).append(" bytes)").toString();
    }
}
