package vn.wardwatch.evidence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code manifest.json} of one evidence package says about a violation, and the SHA-256 of every file in it.
 *
 * <p>Canonical form (the bytes that are signed): the manifest as JSON with the keys of every object sorted (by
 * {@link String#compareTo}, i.e. UTF-16 code units), no whitespace between tokens, absent values written as
 * {@code null}, encoded as UTF-8. {@code manifest.json} is written in exactly this form. The verifier checks the
 * signature over the canonical form of what it parses (so a changed value or key is a bad signature) and separately
 * reports a file whose bytes are not that form (so even a re-indented manifest does not pass unnoticed).
 *
 * @param violationId     unique id of the violation, also the package's directory name
 * @param address         street address of the camera, or null
 * @param latitude        WGS84 degrees, or null
 * @param longitude       WGS84 degrees, or null
 * @param lane            lane name from the camera's geometry, or null
 * @param violationCode   rule broken, e.g. {@code RED_LIGHT}
 * @param utcTime         when the violation happened
 * @param localTime       the same moment on the wall clock of {@code zone}
 * @param clockSource     where the time came from (e.g. {@code ntp}, {@code camera-pts})
 * @param signalState     the signal head's state (red, yellow, green, unknown), or null for rules without one
 * @param signalSource    how the state was known ({@code image}, {@code controller}), or null
 * @param plateText       plate read, or null when none was read
 * @param plateConfidence confidence of the plate read in [0, 1], or null
 * @param clipSource      where {@code clip.mp4} was cut from: {@code recording} (the camera's original stream,
 *                        without re-encoding) or {@code analysis_frames} (the analysis frame ring, encoded); null
 *                        without a clip
 * @param files           every file of the package except the manifest and its signature
 */
public record EvidenceManifest(
        String violationId,
        String cameraId,
        String cameraName,
        String address,
        Double latitude,
        Double longitude,
        String lane,
        String violationCode,
        Instant utcTime,
        LocalDateTime localTime,
        ZoneId zone,
        String clockSource,
        long trackId,
        String signalState,
        String signalSource,
        List<Model> models,
        String geometryHash,
        String plateText,
        Double plateConfidence,
        String clipSource,
        List<FileEntry> files) {

    /** A model that took part in the decision, e.g. the detector or the plate reader. */
    public record Model(String name, String version) {
        public Model {
            Objects.requireNonNull(name, "model name");
            Objects.requireNonNull(version, "model version");
        }
    }

    /** One file of the package: its name in the package directory, size in bytes and SHA-256 as lowercase hex. */
    public record FileEntry(String name, long size, String sha256) {
        public FileEntry {
            Objects.requireNonNull(name, "file name");
            Objects.requireNonNull(sha256, "file sha256");
        }
    }

    public EvidenceManifest {
        Objects.requireNonNull(violationId, "violationId");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(violationCode, "violationCode");
        Objects.requireNonNull(utcTime, "utcTime");
        Objects.requireNonNull(localTime, "localTime");
        Objects.requireNonNull(zone, "zone");
        models = models == null ? List.of() : List.copyOf(models);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The same manifest listing {@code newFiles}; the writer fills the list once the files are on disk. */
    public EvidenceManifest withFiles(List<FileEntry> newFiles) {
        return new EvidenceManifest(violationId, cameraId, cameraName, address, latitude, longitude, lane,
                violationCode, utcTime, localTime, zone, clockSource, trackId, signalState, signalSource, models,
                geometryHash, plateText, plateConfidence, clipSource, newFiles);
    }

    public JsonObject toJson() {
        JsonArray modelArray = new JsonArray();
        models.forEach(m -> modelArray.add(new JsonObject().put("name", m.name()).put("version", m.version())));
        JsonArray fileArray = new JsonArray();
        files.forEach(f -> fileArray.add(
                new JsonObject().put("name", f.name()).put("size", f.size()).put("sha256", f.sha256())));
        return new JsonObject()
                .put("violationId", violationId)
                .put("cameraId", cameraId)
                .put("cameraName", cameraName)
                .put("address", address)
                .put("latitude", latitude)
                .put("longitude", longitude)
                .put("lane", lane)
                .put("violationCode", violationCode)
                .put("utcTime", utcTime.toString())
                .put("localTime", localTime.toString())
                .put("zone", zone.getId())
                .put("clockSource", clockSource)
                .put("trackId", trackId)
                .put("signalState", signalState)
                .put("signalSource", signalSource)
                .put("models", modelArray)
                .put("geometryHash", geometryHash)
                .put("plateText", plateText)
                .put("plateConfidence", plateConfidence)
                .put("clipSource", clipSource)
                .put("files", fileArray);
    }

    /**
     * Reads a manifest back.
     *
     * @throws IllegalArgumentException when a required field is missing or has the wrong type
     */
    public static EvidenceManifest fromJson(JsonObject json) {
        try {
            List<Model> models = new ArrayList<>();
            for (Object m : json.getJsonArray("models", new JsonArray())) {
                JsonObject o = (JsonObject) m;
                models.add(new Model(o.getString("name"), o.getString("version")));
            }
            List<FileEntry> files = new ArrayList<>();
            for (Object f : json.getJsonArray("files", new JsonArray())) {
                JsonObject o = (JsonObject) f;
                files.add(new FileEntry(o.getString("name"), o.getLong("size"), o.getString("sha256")));
            }
            Long trackId = json.getLong("trackId");
            return new EvidenceManifest(
                    json.getString("violationId"),
                    json.getString("cameraId"),
                    json.getString("cameraName"),
                    json.getString("address"),
                    json.getDouble("latitude"),
                    json.getDouble("longitude"),
                    json.getString("lane"),
                    json.getString("violationCode"),
                    Instant.parse(required(json, "utcTime")),
                    LocalDateTime.parse(required(json, "localTime")),
                    ZoneId.of(required(json, "zone")),
                    json.getString("clockSource"),
                    trackId == null ? -1 : trackId,
                    json.getString("signalState"),
                    json.getString("signalSource"),
                    models,
                    json.getString("geometryHash"),
                    json.getString("plateText"),
                    json.getDouble("plateConfidence"),
                    json.getString("clipSource"),
                    files);
        } catch (ClassCastException | NullPointerException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("invalid evidence manifest: " + e.getMessage(), e);
        }
    }

    private static String required(JsonObject json, String key) {
        String value = json.getString(key);
        if (value == null) {
            throw new IllegalArgumentException("invalid evidence manifest: missing " + key);
        }
        return value;
    }

    /** The bytes that are signed: see the class comment. */
    public byte[] canonicalBytes() {
        return canonicalBytes(toJson());
    }

    /** Canonical form of any JSON object: keys sorted at every level, no whitespace, UTF-8. */
    public static byte[] canonicalBytes(JsonObject json) {
        return new JsonObject(sorted(json.getMap())).encode().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> sorted(Map<String, Object> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sortedValue(Object value) {
        if (value instanceof JsonObject o) {
            return new JsonObject(sorted(o.getMap()));
        }
        if (value instanceof Map<?, ?> m) {
            return new JsonObject(sorted((Map<String, Object>) m));
        }
        if (value instanceof JsonArray a) {
            return new JsonArray(a.getList().stream().map(EvidenceManifest::sortedValue).toList());
        }
        if (value instanceof List<?> l) {
            return new JsonArray(l.stream().map(EvidenceManifest::sortedValue).toList());
        }
        return value;
    }
}
