package vn.wardwatch.audit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Records which configuration the server runs with: on every start a {@code config.loaded} entry with the SHA-256 of
 * the config file's canonical bytes, preceded by {@code config.changed} (old and new hash) when it differs from the
 * last {@code config.loaded}. Canonical bytes: the file as UTF-8 with a byte-order mark dropped and CRLF / CR line
 * ends turned into LF, so copying the file between systems does not count as a change.
 */
public final class ConfigAudit {

    public static final String LOADED = "config.loaded";
    public static final String CHANGED = "config.changed";

    private ConfigAudit() {
    }

    /**
     * @return true when the configuration changed since the last recorded start
     * @throws IOException when the config file cannot be read (the message names it)
     */
    public static boolean recordLoad(JdbcAuditLog log, Path configFile) throws IOException {
        String hash = hash(configFile);
        String target = "config:" + configFile.getFileName();
        Optional<String> previous = log.latest(LOADED).map(e -> sha256Of(e.detail()));
        boolean changed = previous.isPresent() && !previous.get().equals(hash);
        if (changed) {
            log.record("system", CHANGED, target, new JsonObject().put("old_sha256", previous.get())
                    .put("new_sha256", hash).encode());
        }
        log.record("system", LOADED, target, new JsonObject().put("sha256", hash)
                .put("file", configFile.toAbsolutePath().normalize().toString()).encode());
        return changed;
    }

    /** SHA-256 (hex) of the file's canonical bytes. */
    public static String hash(Path configFile) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(configFile);
        } catch (IOException e) {
            throw new IOException("cannot read config file " + configFile.toAbsolutePath() + " to hash it: "
                    + e.getMessage(), e);
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        return AuditEntry.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Of(String detail) {
        try {
            String h = new JsonObject(detail).getString("sha256");
            return h == null ? "" : h;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
