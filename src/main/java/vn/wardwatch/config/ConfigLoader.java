package vn.wardwatch.config;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import vn.wardwatch.analytics.geometry.LineSegment;
import vn.wardwatch.analytics.geometry.Point;
import vn.wardwatch.analytics.geometry.Polygon;
import vn.wardwatch.detect.BoundingBox;
import vn.wardwatch.detect.ObjectClass;

/**
 * Reads and validates the YAML configuration.
 *
 * <p>The YAML is parsed into plain maps, lists and scalars (SnakeYAML's {@link SafeConstructor}: no custom types,
 * duplicate keys rejected), then walked by hand. Every problem is collected and reported together in one
 * {@link ConfigException}. Relative paths ({@code storage.data_dir}, {@code detector.model}, file sources, secret
 * files) are resolved against the current working directory. Secret references ({@code ${NAME}},
 * {@code ${file:/path}}) are allowed only in {@code source.url} (see {@link SourceUrls}) and, as the whole value, in
 * the push secrets (see {@link SecretRefs}).
 */
public final class ConfigLoader {

    public static final String DEFAULT_API_HOST = "::";
    public static final int DEFAULT_API_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "data";
    public static final List<String> DETECTOR_TYPES = List.of("nanodet", "centernet", "yolov5", "yolov8");
    public static final String DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh";

    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final String ID_RULE = "1 to 32 characters of a-z, 0-9, _ and -";
    private static final Set<String> DIRECTIONS = new LinkedHashSet<>(List.of("in", "out"));
    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");

    private final Map<String, String> env;
    private final List<ConfigError> errors = new ArrayList<>();
    /** The detector's per-class thresholds, the defaults of every camera's. */
    private Map<ObjectClass, Double> modelThresholds = Map.of();
    /** Signal head id -> where it was first defined: ids are unique over all cameras. */
    private final Map<String, String> signalHeadOwners = new HashMap<>();

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Reads {@code file} (UTF-8) with secrets from the process environment. */
    public static AppConfig load(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(name, "config file " + file.toAbsolutePath() + " does not exist");
        } catch (CharacterCodingException e) {
            throw single(name, "config file " + file.toAbsolutePath() + " is not valid UTF-8");
        } catch (IOException e) {
            throw single(name, "cannot read config file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return parse(text, name, System.getenv());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param sourceName names the text in the exception message (usually the file name)
     * @param env        where {@code ${NAME}} references are looked up
     * @throws ConfigException listing every problem found
     */
    public static AppConfig parse(String yaml, String sourceName, Map<String, String> env) {
        Object root;
        try {
            root = newYaml().load(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw single(sourceName, "YAML syntax error" + where + ": " + problem);
        } catch (YAMLException e) {
            throw single(sourceName, "YAML error: " + e.getMessage());
        }
        ConfigLoader loader = new ConfigLoader(env);
        AppConfig config = loader.app(root);
        if (!loader.errors.isEmpty()) {
            throw new ConfigException(sourceName, loader.errors);
        }
        return config;
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // A config file needs no alias tricks or deep nesting; tight limits stop "billion laughs" style input.
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(1_000_000);
        return new Yaml(new SafeConstructor(options));
    }

    private static ConfigException single(String sourceName, String message) {
        return new ConfigException(sourceName, List.of(new ConfigError("", message)));
    }

    // ---------------------------------------------------------------- sections

    private AppConfig app(Object root) {
        if (root == null) {
            errors.add(new ConfigError("", "the configuration is empty; at least one camera is required"));
            return null;
        }
        if (!(root instanceof Map<?, ?>)) {
            errors.add(new ConfigError("", "expected a mapping with api, storage, detector and cameras, got "
                    + describe(root)));
            return null;
        }
        Section top = section(root, "", "api", "storage", "detector", "evidence", "cameras", "push",
                "retention", "camera_groups", "auth", "cluster");
        ApiConfig api = api(top.section("api", "host", "port", "tls"));
        StorageConfig storage = storage(top.section("storage", "data_dir", "min_free_gb", "evidence_reserve_gb",
                "password", "database", "url", "user"));;
        EvidenceConfig evidence = evidence(top.section("evidence", "dir", "signing_key", "public_key", "ffmpeg"),
                storage);
        DetectorConfig detector = detector(top.section("detector", "type", "model", "input_width", "input_height",
                "threads", "score_threshold", "nms_iou", "thresholds"));
        modelThresholds = detector.thresholds();
        Map<String, CameraConfig> cameras = cameras(top);
        PushConfig push = push(top.section("push", "webhooks", "mqtt", "retry", "keep_days"));
        RetentionConfig retention = retention(top.section("retention", "violations_days", "plates_days",
                "warnings_days", "counts_days", "audit_days"));
        AuthConfig auth = auth(top, cameras.keySet());
        ClusterConfig cluster = cluster(top.section("cluster", "role", "host", "port", "members", "name",
                "failure_seconds"));
        return new AppConfig(api, storage, detector, evidence, cameras, push, retention, auth, cluster);
    }

    /**
     * Issue 10: cluster mode; every value may be overridden on serve's command line, so members required with role
     * api or worker are checked once both are known (by serve).
     */
    private ClusterConfig cluster(Section s) {
        ClusterConfig d = ClusterConfig.NONE;
        String role = s.string("role", d.role());
        if (role != null && !ClusterConfig.ROLES.contains(role)) {
            s.error("role", "unknown role " + quote(role) + " (expected one of: " + String.join(", ",
                    ClusterConfig.ROLES) + ")");
        }
        String host = s.string("host", d.host());
        if (host != null && host.isBlank()) {
            s.error("host", "must not be empty");
        }
        int port = s.integer("port", d.port(), 1, 65535);
        List<String> members = new ArrayList<>();
        for (Item item : s.items("members")) {
            if (!(item.value() instanceof String m) || !ClusterConfig.MEMBER.matcher(m).matches()) {
                errors.add(new ConfigError(item.path(), "expected host:port, got " + describe(item.value())));
            } else {
                members.add(m);
            }
        }
        String name = s.string("name", d.name());
        if (name != null && name.isBlank()) {
            s.error("name", "must not be empty");
        }
        int failure = s.integer("failure_seconds", d.failureSeconds(), ClusterConfig.MIN_FAILURE_SECONDS,
                ClusterConfig.MAX_FAILURE_SECONDS);
        return new ClusterConfig(role, host, port, members, name, failure);
    }

    /** Issue 8: the data directory and the disk guard's thresholds (GB = 10^9 bytes). */
    private StorageConfig storage(Section s) {
        Path dataDir = s.path("data_dir", DEFAULT_DATA_DIR);
        double minFree = s.number("min_free_gb", StorageConfig.DEFAULT_MIN_FREE_GB, 0, false, 1e6, true);
        double reserve = s.number("evidence_reserve_gb", StorageConfig.DEFAULT_EVIDENCE_RESERVE_GB, 0, true, 1e6,
                true);
        if (reserve >= minFree && !s.hasErrorAt("min_free_gb") && !s.hasErrorAt("evidence_reserve_gb")) {
            s.error("evidence_reserve_gb", "must be below min_free_gb (" + num(minFree) + "): media stops before"
                    + " evidence does");
        }
        String database = s.string("database", StorageConfig.H2);
        String url = null;
        String user = null;
        if (StorageConfig.POSTGRESQL.equals(database)) {
            url = s.string("url", null);
            if (url == null && !s.hasErrorAt("url")) {
                s.error("url", "required with database: postgresql (jdbc:postgresql://host:port/name)");
            } else if (url != null && !url.startsWith("jdbc:postgresql://")) {
                s.error("url", "must start with jdbc:postgresql://, got " + url);
            }
            user = s.string("user", "wardwatch");
        } else if (StorageConfig.H2.equals(database)) {
            for (String key : List.of("url", "user")) {
                if (s.has(key)) {
                    s.error(key, "only for database: postgresql (the H2 file lives in data_dir)");
                }
            }
        } else if (database != null) {
            s.error("database", "must be h2 or postgresql, got " + database);
        }
        return new StorageConfig(dataDir, minFree, reserve, databasePassword(s), database, url, user);
    }

    /** Issue 8: days kept per kind of data. The audit log has no retention: it is never deleted. */
    private RetentionConfig retention(Section s) {
        if (s.has("audit_days")) {
            s.error("audit_days", "the audit log is kept forever and never deleted by retention; remove this key");
        }
        return new RetentionConfig(
                s.integer("violations_days", RetentionConfig.DEFAULT_VIOLATIONS_DAYS, 1, 36500),
                s.integer("plates_days", RetentionConfig.DEFAULT_PLATES_DAYS, 1, 36500),
                s.integer("warnings_days", RetentionConfig.DEFAULT_WARNINGS_DAYS, 1, 36500),
                s.integer("counts_days", RetentionConfig.DEFAULT_COUNTS_DAYS, 1, 36500));
    }

    // ---------------------------------------------------------------- users' camera groups (issue 8)

    private AuthConfig auth(Section top, Set<String> cameraIds) {
        int hours = top.section("auth", "session_hours").integer("session_hours", 8, 1, 24 * 30);
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Object raw = top.raw("camera_groups");
        if (raw != null && !(raw instanceof Map<?, ?>)) {
            top.error("camera_groups", "expected a mapping of group name to a list of camera ids, got "
                    + describe(raw));
        } else if (raw instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String path = "camera_groups." + e.getKey();
                if (!(e.getKey() instanceof String name) || !ID.matcher(name).matches()) {
                    errors.add(new ConfigError(path, "invalid group name (" + ID_RULE + ")"));
                    continue;
                }
                if (!(e.getValue() instanceof List<?> list)) {
                    errors.add(new ConfigError(path, "expected a list of camera ids, got " + describe(e.getValue())));
                    continue;
                }
                Set<String> ids = new LinkedHashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    Object id = list.get(i);
                    if (!(id instanceof String s) || !cameraIds.contains(s)) {
                        errors.add(new ConfigError(path + "[" + i + "]", "unknown camera " + describe(id)
                                + " (configured cameras: " + String.join(", ", cameraIds) + ")"));
                    } else {
                        ids.add(s);
                    }
                }
                groups.put(name, Collections.unmodifiableSet(ids));
            }
        }
        return new AuthConfig(groups, java.time.Duration.ofHours(hours));
    }

    /** Optional, and like every secret only a reference: {@code ${WARDWATCH_DB_PASSWORD}} or {@code ${file:...}}. */
    private String databasePassword(Section s) {
        if (!s.has("password")) {
            return "";
        }
        String password = SecretRefs.whole(s.raw("password"), s.pathOf("password"), "WARDWATCH_DB_PASSWORD", env,
                errors);
        return password == null ? "" : password;
    }

    /** Defaults live under the data directory, so the example config runs as is. */
    private EvidenceConfig evidence(Section s, StorageConfig storage) {
        Path dataDir = storage.dataDir() == null ? Path.of(DEFAULT_DATA_DIR).toAbsolutePath() : storage.dataDir();
        Path dir = s.path("dir", dataDir.resolve("evidence").toString());
        Path signingKey = s.path("signing_key", dataDir.resolve("keys/evidence-signing.key").toString());
        Path publicKey = s.path("public_key", dataDir.resolve("keys/evidence-signing.pub").toString());
        String ffmpeg = s.string("ffmpeg", "ffmpeg");
        if (ffmpeg != null && ffmpeg.isBlank()) {
            s.error("ffmpeg", "must not be empty");
        }
        if (signingKey != null && signingKey.equals(publicKey)) {
            s.error("public_key", "must differ from signing_key");
        }
        return new EvidenceConfig(dir, signingKey, publicKey, ffmpeg);
    }

    private ApiConfig api(Section s) {
        String host = s.string("host", DEFAULT_API_HOST);
        if (host != null && host.isBlank()) {
            s.error("host", "must not be empty (use \"::\" for all interfaces)");
        }
        // 0 asks the OS for any free port (used by tests).
        int port = s.integer("port", DEFAULT_API_PORT, 0, 65535);
        TlsConfig tls = s.raw("tls") == null ? null : tls(s.section("tls", "cert", "key", "min_version"));
        return new ApiConfig(host, port, tls);
    }

    /** HTTPS for the API (issue 8): both files must exist and hold PEM, checked now rather than at listen time. */
    private TlsConfig tls(Section s) {
        Path cert = s.require("cert") ? s.path("cert", null) : null;
        Path key = s.require("key") ? keyPath(s) : null;
        if (cert != null) {
            PemFiles.checkCertificate(cert, s.pathOf("cert"), errors);
        }
        if (key != null) {
            PemFiles.checkPrivateKey(key, s.pathOf("key"), errors);
        }
        String min = s.string("min_version", TlsConfig.DEFAULT_MIN_VERSION);
        if (min != null && !TlsConfig.VERSIONS.contains(min)) {
            s.error("min_version", "expected one of " + String.join(", ", TlsConfig.VERSIONS) + ", got " + quote(min));
            min = null;
        }
        return cert == null || key == null || min == null ? null : new TlsConfig(cert, key, min);
    }

    /** The key is a file, named plainly or, like other secrets, as {@code ${file:/run/secrets/api.key}}. */
    private Path keyPath(Section s) {
        Object raw = s.raw("key");
        if (raw instanceof String ref && ref.strip().startsWith("${file:") && ref.strip().endsWith("}")) {
            String file = ref.strip().substring("${file:".length(), ref.strip().length() - 1);
            try {
                return Path.of(file).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                s.error("key", "not a valid path: " + quote(file));
                return null;
            }
        }
        return s.path("key", null);
    }

    // ---------------------------------------------------------------- push (issue 6)

    private static final Set<String> MQTT_SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    private PushConfig push(Section s) {
        Section retry = s.section("retry", "initial_seconds", "max_seconds");
        double initial = retry.number("initial_seconds", 1, 0, false, 3600, true);
        double max = retry.number("max_seconds", 300, 0, false, 86400, true);
        if (max < initial) {
            retry.error("max_seconds", "must be at least initial_seconds (" + num(initial) + ")");
        }
        int keepDays = s.integer("keep_days", 7, 1, 3650);
        List<PushConfig.Webhook> webhooks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Item item : s.items("webhooks")) {
            Section w = section(item.value, item.path, "id", "url", "secret", "events", "timeout_seconds");
            String id = itemId(w, ids);
            String url = w.require("url") ? w.string("url", null) : null;
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                w.error("url", "expected an http:// or https:// URL, got " + quote(withoutPassword(url)));
                url = null;
            } else if (url != null) {
                try {
                    java.net.URI uri = new java.net.URI(url);
                    if (uri.getHost() == null || uri.getUserInfo() != null) {
                        w.error("url", "needs a host and no user:password (the secret signs the body instead)");
                        url = null;
                    }
                } catch (java.net.URISyntaxException e) {
                    w.error("url", "not a valid URL: " + e.getReason());
                    url = null;
                }
            }
            String secret = w.require("secret") ? SecretRefs.whole(w.raw("secret"), w.pathOf("secret"),
                    "WEBHOOK_" + (id == null ? "X" : id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                            + "_SECRET", env, errors) : null;
            Set<String> events = new LinkedHashSet<>(PushConfig.EVENTS);
            if (w.raw("events") != null) {
                events.clear();
                for (Item e : w.items("events")) {
                    if (!(e.value instanceof String name) || !PushConfig.EVENTS.contains(name)) {
                        errors.add(new ConfigError(e.path, "unknown event " + describe(e.value) + " (expected one of: "
                                + String.join(", ", PushConfig.EVENTS) + ")"));
                    } else {
                        events.add(name);
                    }
                }
                if (events.isEmpty() && !w.hasErrorAt("events")) {
                    w.error("events", "a webhook needs at least one event");
                }
            }
            double timeout = w.number("timeout_seconds", 10, 0, false, 300, true);
            if (id != null && url != null && secret != null && !events.isEmpty()) {
                webhooks.add(new PushConfig.Webhook(id, url, secret, Set.copyOf(events),
                        java.time.Duration.ofMillis((long) (timeout * 1000))));
            }
        }
        PushConfig.Mqtt mqtt = s.raw("mqtt") == null ? null : mqtt(s.section("mqtt", "url", "client_id",
                "topic_prefix", "username", "password", "offline_queue"));
        return new PushConfig(List.copyOf(webhooks), mqtt, java.time.Duration.ofMillis((long) (initial * 1000)),
                java.time.Duration.ofMillis((long) (max * 1000)), keepDays);
    }

    private PushConfig.Mqtt mqtt(Section s) {
        String url = s.require("url") ? s.string("url", null) : null;
        if (url != null) {
            int colon = url.indexOf("://");
            if (colon < 0 || !MQTT_SCHEMES.contains(url.substring(0, colon))) {
                s.error("url", "expected tcp://host:1883 (or ssl://, ws://, wss://), got "
                        + quote(withoutPassword(url)));
                url = null;
            } else if (url.substring(colon + 3).split("/", 2)[0].contains("@")) {
                // The URL is logged when the broker is unreachable: credentials belong in username and password.
                s.error("url", "must not carry user:password (use the username and password keys)");
                url = null;
            }
        }
        String clientId = s.string("client_id", "wardwatch");
        if (clientId != null && (clientId.isEmpty() || clientId.length() > 64)) {
            s.error("client_id", "must be 1 to 64 characters");
        }
        String prefix = s.string("topic_prefix", "wardwatch");
        if (prefix != null && (prefix.isEmpty() || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("/") || prefix.endsWith("/"))) {
            s.error("topic_prefix", "must be a non-empty topic without wildcards or a leading/trailing /");
        }
        String username = s.string("username", null);
        String password = s.has("password") ? SecretRefs.whole(s.raw("password"), s.pathOf("password"),
                "MQTT_PASSWORD", env, errors) : null;
        int offline = s.integer("offline_queue", 10_000, 1, 1_000_000);
        return new PushConfig.Mqtt(url, clientId, prefix, username, password, offline);
    }

    private DetectorConfig detector(Section s) {
        String type = s.string("type", "nanodet");
        if (type != null && !DETECTOR_TYPES.contains(type)) {
            s.error("type", "unknown detector type " + quote(type) + " (expected one of: "
                    + String.join(", ", DETECTOR_TYPES) + ")");
        }
        Path model = s.path("model", "models/nanodet-g-416.onnx");
        int inputWidth = s.integer("input_width", 416, 32, 4096);
        int inputHeight = s.integer("input_height", 416, 32, 4096);
        int threads = s.integer("threads", 2, 1, 256);
        double score = s.number("score_threshold", 0.3, 0, true, 1, true);
        double nmsIou = s.number("nms_iou", 0.5, 0, false, 1, true);
        Map<ObjectClass, Double> thresholds = thresholds(s.pathOf("thresholds"), s.raw("thresholds"));
        return new DetectorConfig(type, model, inputWidth, inputHeight, threads, score, nmsIou, thresholds);
    }

    private Map<String, CameraConfig> cameras(Section top) {
        Object raw = top.raw("cameras");
        if (raw == null) {
            if (!top.has("cameras")) {
                errors.add(new ConfigError("cameras", "missing required key (at least one camera is required)"));
            } else {
                errors.add(new ConfigError("cameras", "at least one camera is required"));
            }
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            errors.add(new ConfigError("cameras", "expected a mapping of camera id to camera, got " + describe(raw)));
            return Map.of();
        }
        if (map.isEmpty()) {
            errors.add(new ConfigError("cameras", "at least one camera is required"));
        }
        Map<String, CameraConfig> cameras = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String id)) {
                errors.add(new ConfigError("cameras." + e.getKey(), "camera id must be a string (quote it)"));
                continue;
            }
            String path = "cameras." + id;
            if (!ID.matcher(id).matches()) {
                errors.add(new ConfigError(path, "invalid camera id (" + ID_RULE + ")"));
            }
            CameraConfig camera = camera(id, section(e.getValue(), path, "name", "timezone", "location", "source",
                    "detect", "geometry", "plates", "violations", "traffic", "recording"));
            cameras.put(id, camera);
        }
        return Collections.unmodifiableMap(cameras);
    }

    private CameraConfig camera(String id, Section s) {
        String name = s.string("name", id);
        String zoneText = s.string("timezone", DEFAULT_TIMEZONE);
        ZoneId zone = ZoneId.of(DEFAULT_TIMEZONE);
        if (zoneText != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                s.error("timezone", "unknown time zone " + quote(zoneText) + " (expected an IANA name such as "
                        + DEFAULT_TIMEZONE + ")");
            }
        }
        SourceConfig source = null;
        if (s.require("source")) {
            source = source(id, s.section("source", "url", "loop", "stall_timeout_seconds"));
        }
        Section ds = s.section("detect", "width", "height", "fps", "motion_gate", "queue_size", "thresholds",
                "masks");
        DetectConfig detect = detect(ds);
        // Geometry is checked against the frame only when the frame size itself is valid.
        Frame frame = new Frame(detect.width(), detect.height(), !ds.hasErrorAt("width") && !ds.hasErrorAt("height"));
        GeometryConfig geometry = geometry(s.section("geometry", "lines", "zones", "lanes", "signal_heads",
                "stop_lines", "no_stopping_zones", "restricted_zones"), frame);
        PlateConfig plates = s.raw("plates") == null ? PlateConfig.DISABLED
                : plates(s.section("plates", "enabled", "line", "zone", "frames", "candidates",
                        "zone_interval_seconds", "queue_size"), geometry, frame);
        LocationConfig location = location(s.section("location", "address", "latitude", "longitude"));
        ViolationConfig violations = s.raw("violations") == null ? ViolationConfig.DISABLED
                : violations(s.section("violations", "enabled", "red_light_grace_seconds", "yellow_is_violation",
                        "wrong_way_min_distance_px", "wrong_way_min_seconds", "clip_before_seconds",
                        "clip_after_seconds"));
        TrafficConfig traffic = s.raw("traffic") == null ? TrafficConfig.DISABLED
                : traffic(s.section("traffic", "enabled", "hysteresis", "min_seconds", "zones"), geometry, frame);
        RecordingConfig recording = s.raw("recording") == null ? RecordingConfig.OFF
                : recording(s.section("recording", "mode", "segment_seconds", "format", "retention_days", "quota_gb",
                        "before_seconds", "after_seconds"), source);
        return new CameraConfig(id, name, zone, location, source, detect, geometry, plates, violations, traffic,
                recording);
    }

    /** Issue 7: the original stream in segments; the quota is per camera. */
    private RecordingConfig recording(Section s, SourceConfig source) {
        // YAML 1.1 reads a bare off as false.
        RecordingConfig.Mode mode = Boolean.FALSE.equals(s.raw("mode")) ? RecordingConfig.Mode.OFF
                : choice(s, "mode", RecordingConfig.Mode.OFF, RecordingConfig.Mode.class);
        int segment = s.integer("segment_seconds", RecordingConfig.DEFAULT_SEGMENT_SECONDS, 2, 60);
        RecordingConfig.Format format = choice(s, "format", RecordingConfig.Format.TS, RecordingConfig.Format.class);
        double days = s.number("retention_days", RecordingConfig.DEFAULT_RETENTION_DAYS, 0, false, 3650, true);
        double quota = s.number("quota_gb", RecordingConfig.DEFAULT_QUOTA_GB, 0, false, 1_000_000, true);
        double before = s.number("before_seconds", RecordingConfig.DEFAULT_EVENT_SECONDS, 0, true, 600, true);
        double after = s.number("after_seconds", RecordingConfig.DEFAULT_EVENT_SECONDS, 0, true, 600, true);
        if (mode != RecordingConfig.Mode.EVENTS && !s.hasErrorAt("mode")) {
            // Keys that would do nothing are almost always a mistake (e.g. "mode" forgotten).
            for (String key : List.of("before_seconds", "after_seconds")) {
                if (s.has(key)) {
                    s.error(key, "only used with mode: events (mode is "
                            + mode.name().toLowerCase(java.util.Locale.ROOT) + ")");
                }
            }
        }
        if (mode != RecordingConfig.Mode.OFF && source != null && source.url() != null && source.isFile()
                && !source.loop()) {
            s.error("mode", "a file read once is not a camera to record (" + source.redactedUrl() + ")");
        }
        return new RecordingConfig(mode, segment, format, days, quota, before, after);
    }

    /** One of an enum's constants, written in lower case in YAML. */
    private <E extends Enum<E>> E choice(Section s, String key, E def, Class<E> type) {
        String text = s.string(key, def.name().toLowerCase(java.util.Locale.ROOT));
        if (text == null) {
            return def;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        s.error(key, "unknown value " + quote(text) + " (expected one of: " + String.join(", ", names) + ")");
        return def;
    }

    private SourceConfig source(String cameraId, Section s) {
        String url = null;
        String redacted = null;
        Object raw = s.raw("url");
        if (s.require("url") && !(raw instanceof String)) {
            s.error("url", "expected a string, got " + describe(raw));
        } else if (raw instanceof String template) {
            // The only place where ${...} is allowed.
            SourceUrls.Resolved r = SourceUrls.resolve(template, s.pathOf("url"), cameraId, env, errors);
            if (r != null) {
                url = r.url();
                redacted = r.redactedUrl();
            }
        }
        boolean loop = s.bool("loop", false);
        double stall = s.number("stall_timeout_seconds", 10, 0, false, 3600, true);
        SourceConfig source = new SourceConfig(url, redacted, loop, stall);
        if (loop && url != null && !source.isFile()) {
            // A live stream has no end to loop from; saying so beats a flag that silently does nothing.
            s.error("loop", "only a file source can loop; " + redacted + " is a live stream");
        }
        return source;
    }

    private DetectConfig detect(Section s) {
        int width = s.integer("width", 640, 32, 3840);
        int height = s.integer("height", 360, 32, 3840);
        double fps = s.number("fps", 5, 0, false, 30, true);
        boolean motionGate = s.bool("motion_gate", true);
        int queueSize = s.integer("queue_size", 4, 1, 100);
        // The model's per-class thresholds hold for every camera; a camera's own list overrides them class by class.
        Map<ObjectClass, Double> thresholds = new EnumMap<>(ObjectClass.class);
        thresholds.putAll(modelThresholds);
        thresholds.putAll(thresholds(s.pathOf("thresholds"), s.raw("thresholds")));
        List<Polygon> masks = new ArrayList<>();
        Frame frame = new Frame(width, height, !s.hasErrorAt("width") && !s.hasErrorAt("height"));
        Object rawMasks = s.raw("masks");
        if (rawMasks != null) {
            if (!(rawMasks instanceof List<?> list)) {
                s.error("masks", "expected a list of polygons, got " + describe(rawMasks));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String path = s.pathOf("masks") + "[" + i + "]";
                    List<Point> points = points(list.get(i), path, frame);
                    if (points != null && points.size() < 3) {
                        errors.add(new ConfigError(path, "a polygon needs at least 3 points"));
                    } else if (points != null) {
                        masks.add(new Polygon(points));
                    }
                }
            }
        }
        return new DetectConfig(width, height, fps, Collections.unmodifiableMap(thresholds), List.copyOf(masks),
                motionGate, queueSize);
    }

    /** The analysis frame that geometry must lie in; {@code valid} is false when its size was itself wrong. */
    private record Frame(int width, int height, boolean valid) {
        /** No bounds to check against. */
        static final Frame UNBOUNDED = new Frame(0, 0, false);
    }

    private Map<ObjectClass, Double> thresholds(String path, Object raw) {
        Map<ObjectClass, Double> thresholds = new EnumMap<>(ObjectClass.class);
        if (raw == null) {
            return Collections.unmodifiableMap(thresholds);
        }
        if (!(raw instanceof Map<?, ?> map)) {
            errors.add(new ConfigError(path, "expected a mapping of class to score, got " + describe(raw)));
            return Collections.unmodifiableMap(thresholds);
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String keyPath = path + "." + e.getKey();
            ObjectClass c = objectClass(e.getKey(), keyPath);
            Double value = number(e.getValue(), keyPath, 0, true, 1, true);
            if (c != null && value != null) {
                thresholds.put(c, value);
            }
        }
        return Collections.unmodifiableMap(thresholds);
    }

    private GeometryConfig geometry(Section s, Frame frame) {
        List<LineConfig> lines = new ArrayList<>();
        Set<String> lineIds = new HashSet<>();
        for (Item item : s.items("lines")) {
            Section l = section(item.value, item.path, "id", "points", "directions", "classes");
            String id = itemId(l, lineIds);
            LineSegment segment = l.require("points")
                    ? segment(points(l.raw("points"), l.pathOf("points"), frame), l.pathOf("points")) : null;
            Set<String> directions = directions(l);
            Set<ObjectClass> classes = classes(l);
            if (id != null && segment != null) {
                lines.add(new LineConfig(id, segment, directions, classes));
            }
        }
        List<ZoneConfig> zones = new ArrayList<>();
        Set<String> zoneIds = new HashSet<>();
        for (Item item : s.items("zones")) {
            Section z = section(item.value, item.path, "id", "points", "classes");
            String id = itemId(z, zoneIds);
            Polygon polygon = z.require("points")
                    ? zonePolygon(points(z.raw("points"), z.pathOf("points"), frame), z.pathOf("points")) : null;
            Set<ObjectClass> classes = classes(z);
            if (id != null && polygon != null) {
                zones.add(new ZoneConfig(id, polygon, classes));
            }
        }
        List<LaneConfig> lanes = lanes(s, frame);
        List<SignalHeadConfig> heads = signalHeads(s, frame);
        List<StopLineConfig> stopLines = stopLines(s, frame, lanes, heads);
        List<NoStoppingZoneConfig> noStopping = new ArrayList<>();
        Set<String> noStoppingIds = new HashSet<>();
        for (Item item : s.items("no_stopping_zones")) {
            Section z = section(item.value, item.path, "id", "points", "max_dwell_seconds", "classes");
            String id = itemId(z, noStoppingIds);
            Polygon polygon = z.require("points")
                    ? zonePolygon(points(z.raw("points"), z.pathOf("points"), frame), z.pathOf("points")) : null;
            double dwell = z.require("max_dwell_seconds")
                    ? z.number("max_dwell_seconds", 60, 0, false, 86400, true) : 60;
            Set<ObjectClass> classes = classes(z);
            if (id != null && polygon != null) {
                noStopping.add(new NoStoppingZoneConfig(id, polygon, dwell, classes));
            }
        }
        List<RestrictedZoneConfig> restricted = new ArrayList<>();
        Set<String> restrictedIds = new HashSet<>();
        for (Item item : s.items("restricted_zones")) {
            Section z = section(item.value, item.path, "id", "points", "banned_classes", "hours");
            String id = itemId(z, restrictedIds);
            Polygon polygon = z.require("points")
                    ? zonePolygon(points(z.raw("points"), z.pathOf("points"), frame), z.pathOf("points")) : null;
            Set<ObjectClass> banned = z.require("banned_classes") ? classList(z, "banned_classes", "a restricted zone bans at least one class") : Set.of();
            List<TimeWindow> hours = hours(z);
            if (id != null && polygon != null && !banned.isEmpty()) {
                restricted.add(new RestrictedZoneConfig(id, polygon, banned, hours));
            }
        }
        return new GeometryConfig(lines, zones, lanes, heads, stopLines, noStopping, restricted);
    }

    private List<LaneConfig> lanes(Section s, Frame frame) {
        List<LaneConfig> lanes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Item item : s.items("lanes")) {
            Section l = section(item.value, item.path, "id", "points", "direction", "classes", "hours");
            String id = itemId(l, ids);
            Polygon polygon = l.require("points")
                    ? zonePolygon(points(l.raw("points"), l.pathOf("points"), frame), l.pathOf("points")) : null;
            // The direction is an arrow, not a place: it may point beyond the frame.
            LineSegment direction = l.require("direction")
                    ? segment(points(l.raw("direction"), l.pathOf("direction"), Frame.UNBOUNDED),
                    l.pathOf("direction")) : null;
            Set<ObjectClass> classes = classes(l);
            List<TimeWindow> hours = hours(l);
            if (id != null && polygon != null && direction != null) {
                lanes.add(LaneConfig.of(id, polygon, direction.a(), direction.b(), classes, hours));
            }
        }
        return lanes;
    }

    private List<SignalHeadConfig> signalHeads(Section s, Frame frame) {
        List<SignalHeadConfig> heads = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Item item : s.items("signal_heads")) {
            Section h = section(item.value, item.path, "id", "region", "source");
            String id = itemId(h, ids);
            String source = h.string("source", "image");
            if (source != null && !source.equals("image") && !source.equals("controller")) {
                h.error("source", "unknown source " + quote(source) + " (expected image or controller)");
            }
            BoundingBox region = h.require("region") ? region(h.raw("region"), h.pathOf("region"), frame) : null;
            if (id != null && region != null) {
                String owner = signalHeadOwners.putIfAbsent(id, h.pathOf("id"));
                if (owner != null) {
                    h.error("id", "signal head id " + quote(id) + " is already used at " + owner
                            + " (signal ids are unique over all cameras: controllers push to /api/v1/signals/{id})");
                } else {
                    heads.add(new SignalHeadConfig(id, region, !"controller".equals(source)));
                }
            }
        }
        return heads;
    }

    private List<StopLineConfig> stopLines(Section s, Frame frame, List<LaneConfig> lanes,
                                           List<SignalHeadConfig> heads) {
        List<StopLineConfig> stopLines = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Item item : s.items("stop_lines")) {
            Section l = section(item.value, item.path, "id", "points", "signal", "lane", "direction");
            String id = itemId(l, ids);
            LineSegment segment = l.require("points")
                    ? segment(points(l.raw("points"), l.pathOf("points"), frame), l.pathOf("points")) : null;
            String signal = l.require("signal") ? l.string("signal", null) : null;
            if (signal != null && heads.stream().noneMatch(h -> h.id().equals(signal))) {
                l.error("signal", "no signal head " + quote(signal) + " in this camera's geometry.signal_heads");
            }
            String laneId = l.string("lane", null);
            LaneConfig lane = null;
            if (laneId != null) {
                lane = lanes.stream().filter(x -> x.id().equals(laneId)).findFirst().orElse(null);
                if (lane == null) {
                    l.error("lane", "no lane " + quote(laneId) + " in this camera's geometry.lanes");
                }
            }
            String through = l.string("direction", null);
            if (through != null && !DIRECTIONS.contains(through)) {
                l.error("direction", "unknown direction " + quote(through) + " (expected in or out)");
            }
            if (through == null && lane != null && segment != null) {
                through = throughDirection(segment, lane);
                if (through == null) {
                    l.error("lane", "lane " + quote(laneId) + " runs along the stop line, not across it; give"
                            + " direction: in or out");
                }
            }
            if (id != null && segment != null && signal != null) {
                stopLines.add(new StopLineConfig(id, segment, signal, laneId, through));
            }
        }
        return stopLines;
    }

    /**
     * The crossing of {@code line} that follows the lane's direction: moving towards the right-hand side of the
     * line (as walked from its first point) is "out", towards its left-hand side "in". Null when the lane runs
     * (almost) along the line.
     */
    private static String throughDirection(LineSegment line, LaneConfig lane) {
        Point a = line.a();
        double ahead = line.signedDistance(new Point(a.x() + lane.directionX(), a.y() + lane.directionY()));
        if (Math.abs(ahead) < 0.25) {
            return null;
        }
        return ahead > 0 ? "in" : "out";
    }

    /** {@code [x, y, w, h]} inside the frame, with a positive size. */
    private BoundingBox region(Object raw, String path, Frame frame) {
        if (!(raw instanceof List<?> list) || list.size() != 4 || !list.stream().allMatch(v -> v instanceof Number)) {
            errors.add(new ConfigError(path, "expected a box [x, y, width, height] of four numbers, got "
                    + describe(raw)));
            return null;
        }
        double x = ((Number) list.get(0)).doubleValue();
        double y = ((Number) list.get(1)).doubleValue();
        double w = ((Number) list.get(2)).doubleValue();
        double h = ((Number) list.get(3)).doubleValue();
        if (w <= 0 || h <= 0) {
            errors.add(new ConfigError(path, "width and height must be positive, got " + num(w) + "x" + num(h)));
            return null;
        }
        if (frame.valid && (x < 0 || y < 0 || x + w > frame.width || y + h > frame.height)) {
            errors.add(new ConfigError(path, "box [" + num(x) + ", " + num(y) + ", " + num(w) + ", " + num(h)
                    + "] is not inside the " + frame.width + "x" + frame.height + " detect frame"));
            return null;
        }
        return new BoundingBox(x, y, w, h);
    }

    /** {@code hours: ["06:00-09:00", "16:30-19:00"]}; empty when left out (always). */
    private List<TimeWindow> hours(Section s) {
        Object raw = s.raw("hours");
        if (raw == null && !s.has("hours")) {
            return List.of();
        }
        List<TimeWindow> windows = new ArrayList<>();
        List<?> list = nonEmptyList(raw, s.pathOf("hours"), "leave it out for always");
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = s.pathOf("hours") + "[" + i + "]";
            Object v = list.get(i);
            Matcher m = v instanceof String text ? HOURS.matcher(text.strip()) : null;
            if (m == null || !m.matches()) {
                errors.add(new ConfigError(path, "expected a window \"HH:MM-HH:MM\" (quote it), got "
                        + describe(v)));
                continue;
            }
            try {
                LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                LocalTime to = m.group(3).equals("24") && m.group(4).equals("00") ? LocalTime.MAX
                        : LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                if (from.equals(to)) {
                    errors.add(new ConfigError(path, "empty window " + v + " (leave hours out for always)"));
                } else {
                    windows.add(new TimeWindow(from, to));
                }
            } catch (DateTimeException e) {
                errors.add(new ConfigError(path, "not a time of day: " + describe(v)));
            }
        }
        return List.copyOf(windows);
    }

    private LocationConfig location(Section s) {
        String address = s.string("address", null);
        Double latitude = s.has("latitude") ? number(s.raw("latitude"), s.pathOf("latitude"), -90, true, 90, true)
                : null;
        Double longitude = s.has("longitude")
                ? number(s.raw("longitude"), s.pathOf("longitude"), -180, true, 180, true) : null;
        if ((latitude == null) != (longitude == null) && !s.hasErrorAt("latitude") && !s.hasErrorAt("longitude")) {
            s.error(latitude == null ? "latitude" : "longitude", "give latitude and longitude together");
        }
        return new LocationConfig(address, latitude, longitude);
    }

    private ViolationConfig violations(Section s) {
        boolean enabled = s.bool("enabled", true);
        double grace = s.number("red_light_grace_seconds", ViolationConfig.DEFAULT_GRACE_SECONDS, 0, true, 10, true);
        boolean yellow = s.bool("yellow_is_violation", false);
        double distance = s.number("wrong_way_min_distance_px", ViolationConfig.DEFAULT_WRONG_WAY_DISTANCE_PX, 0,
                false, 4000, true);
        double seconds = s.number("wrong_way_min_seconds", ViolationConfig.DEFAULT_WRONG_WAY_SECONDS, 0, true, 60,
                true);
        double before = s.number("clip_before_seconds", ViolationConfig.DEFAULT_CLIP_SECONDS, 0, true, 60, true);
        double after = s.number("clip_after_seconds", ViolationConfig.DEFAULT_CLIP_SECONDS, 0, true, 60, true);
        return new ViolationConfig(enabled, grace, yellow, distance, seconds, before, after);
    }

    // ---------------------------------------------------------------- traffic (issue 6)

    private static final List<String> LEVELS = List.of("slow", "congested", "jammed");

    /** Zone traffic state: each key of {@code zones} names a zone of the camera's geometry. */
    private TrafficConfig traffic(Section s, GeometryConfig geometry, Frame frame) {
        boolean enabled = s.bool("enabled", true);
        double hysteresis = s.number("hysteresis", TrafficConfig.DEFAULT_HYSTERESIS, 0, true, 0.9, true);
        double minSeconds = s.number("min_seconds", TrafficConfig.DEFAULT_MIN_SECONDS, 0, true, 3600, true);
        Map<String, TrafficConfig.Zone> zones = new LinkedHashMap<>();
        Object raw = s.raw("zones");
        if (s.require("zones") && !(raw instanceof Map<?, ?>)) {
            s.error("zones", "expected a mapping of geometry zone id to its traffic settings, got " + describe(raw));
        } else if (raw instanceof Map<?, ?> map) {
            Set<String> known = new LinkedHashSet<>();
            geometry.zones().forEach(z -> known.add(z.id()));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String path = s.pathOf("zones") + "." + e.getKey();
                if (!(e.getKey() instanceof String id) || !known.contains(id)) {
                    errors.add(new ConfigError(path, "no zone " + describe(e.getKey()) + " in this camera's "
                            + "geometry.zones (" + (known.isEmpty() ? "it has none" : "it has: "
                            + String.join(", ", known)) + ")"));
                    continue;
                }
                TrafficConfig.Zone zone = trafficZone(id, section(e.getValue(), path, "direction", "queue_gap_px",
                        "calibration", "levels", "crowd", "surge"), frame);
                zones.put(id, zone);
            }
        }
        return new TrafficConfig(enabled, hysteresis, minSeconds, Collections.unmodifiableMap(zones));
    }

    private TrafficConfig.Zone trafficZone(String id, Section s, Frame frame) {
        // Like a lane's direction, an arrow that may point beyond the frame.
        LineSegment direction = s.has("direction")
                ? segment(points(s.raw("direction"), s.pathOf("direction"), Frame.UNBOUNDED), s.pathOf("direction"))
                : null;
        double gap = s.number("queue_gap_px", TrafficConfig.DEFAULT_QUEUE_GAP_PX, 0, true, 4000, true);
        TrafficConfig.Calibration calibration = null;
        if (s.raw("calibration") != null) {
            Section c = s.section("calibration", "lines", "metres");
            LineSegment first = null;
            LineSegment second = null;
            if (c.require("lines")) {
                Object lines = c.raw("lines");
                if (!(lines instanceof List<?> list) || list.size() != 2) {
                    c.error("lines", "expected 2 lines [[[x, y], [x, y]], [[x, y], [x, y]]], got " + describe(lines)
                            + (lines instanceof List<?> l ? " of " + l.size() : ""));
                } else {
                    first = segment(points(list.get(0), c.pathOf("lines") + "[0]", frame), c.pathOf("lines") + "[0]");
                    second = segment(points(list.get(1), c.pathOf("lines") + "[1]", frame), c.pathOf("lines") + "[1]");
                }
            }
            double metres = c.require("metres") ? c.number("metres", 1, 0, false, 10000, true) : 1;
            if (first != null && second != null && !c.hasErrorAt("metres")) {
                calibration = new TrafficConfig.Calibration(first, second, metres);
            }
        }
        List<TrafficConfig.LevelRule> levels = new ArrayList<>();
        Section ls = s.section("levels", LEVELS.toArray(String[]::new));
        for (String level : LEVELS) {
            if (ls.raw(level) == null) {
                continue;
            }
            Section l = ls.section(level, "occupancy", "stationary_share", "speed_px_below", "speed_kmh_below",
                    "queue_vehicles");
            Double occupancy = optional(l, "occupancy", 0, 10000);
            Double share = optional(l, "stationary_share", 0, 1);
            Double speedPx = optional(l, "speed_px_below", 0, 10000);
            Double speedKmh = optional(l, "speed_kmh_below", 0, 500);
            Double queue = optional(l, "queue_vehicles", 0, 10000);
            if (occupancy == null && share == null && speedPx == null && speedKmh == null && queue == null
                    && !l.hasErrorAt("occupancy") && !l.hasErrorAt("stationary_share")
                    && !l.hasErrorAt("speed_px_below") && !l.hasErrorAt("speed_kmh_below")
                    && !l.hasErrorAt("queue_vehicles")) {
                ls.error(level, "give at least one bar: occupancy, stationary_share, speed_px_below, "
                        + "speed_kmh_below or queue_vehicles");
            }
            if (speedKmh != null && calibration == null && !s.hasErrorAt("calibration")) {
                l.error("speed_kmh_below", "needs the zone's calibration (two lines a known distance apart)");
            }
            if (queue != null && direction == null && !s.hasErrorAt("direction")) {
                l.error("queue_vehicles", "needs the zone's direction (the queue is measured from its downstream end)");
            }
            levels.add(new TrafficConfig.LevelRule(level, occupancy, share, speedPx, speedKmh, queue));
        }
        TrafficConfig.CrowdRule crowd = null;
        if (s.raw("crowd") != null) {
            Section c = s.section("crowd", "people", "seconds");
            int people = c.require("people") ? c.integer("people", 1, 1, 100000) : 1;
            double seconds = c.number("seconds", 10, 0, true, 3600, true);
            crowd = new TrafficConfig.CrowdRule(people, seconds);
        }
        TrafficConfig.SurgeRule surge = null;
        if (s.raw("surge") != null) {
            Section c = s.section("surge", "rise", "seconds");
            int rise = c.require("rise") ? c.integer("rise", 1, 1, 100000) : 1;
            double seconds = c.number("seconds", 5, 0, false, 600, true);
            surge = new TrafficConfig.SurgeRule(rise, seconds);
        }
        return new TrafficConfig.Zone(id, direction, gap, calibration, List.copyOf(levels), crowd, surge);
    }

    /** An optional number in [min, max]; null when absent or wrong (error added). */
    private Double optional(Section s, String key, double min, double max) {
        return s.raw(key) == null && !s.has(key) ? null : number(s.raw(key), s.pathOf(key), min, true, max, true);
    }

    /** A line from its points; null (error added) unless there are 2 distinct ones. Null points: already reported. */
    private LineSegment segment(List<Point> points, String path) {
        if (points == null) {
            return null;
        }
        if (points.size() != 2) {
            errors.add(new ConfigError(path, "a line needs 2 points, got " + points.size()));
            return null;
        }
        if (points.get(0).equals(points.get(1))) {
            errors.add(new ConfigError(path, "the 2 points of a line must differ"));
            return null;
        }
        return new LineSegment(points.get(0), points.get(1));
    }

    /** A zone from its points; null (error added) with fewer than 3. Null points: already reported. */
    private Polygon zonePolygon(List<Point> points, String path) {
        if (points == null) {
            return null;
        }
        if (points.size() < 3) {
            errors.add(new ConfigError(path, "a zone needs at least 3 points, got " + points.size()));
            return null;
        }
        return new Polygon(points);
    }

    /**
     * Plate reading. {@code line} and {@code zone} each name a line or zone of the camera's geometry, or give their
     * own points; a section that is present is enabled unless it says {@code enabled: false}. Everything is checked
     * even when disabled, so that switching it on needs no second round of fixes.
     */
    private PlateConfig plates(Section s, GeometryConfig geometry, Frame frame) {
        boolean enabled = s.bool("enabled", true);
        Map<String, LineSegment> lines = new LinkedHashMap<>();
        geometry.lines().forEach(l -> lines.put(l.id(), l.segment()));
        LineSegment line = idOrPoints(s, "line", lines, "2 points [[x, y], [x, y]]", frame, this::segment);
        Map<String, Polygon> zones = new LinkedHashMap<>();
        geometry.zones().forEach(z -> zones.put(z.id(), z.polygon()));
        Polygon zone = idOrPoints(s, "zone", zones, "at least 3 points [[x, y], ...]", frame, this::zonePolygon);
        int frames = s.integer("frames", PlateConfig.DEFAULT_FRAMES, 1, 20);
        int candidates = s.integer("candidates", Math.max(frames, PlateConfig.DEFAULT_CANDIDATES), 1, 100);
        if (candidates < frames && !s.hasErrorAt("candidates")) {
            s.error("candidates", "must be at least frames (" + frames + "), got " + candidates);
        }
        double interval = s.number("zone_interval_seconds", PlateConfig.DEFAULT_ZONE_INTERVAL_SECONDS, 0, false,
                86400, true);
        int queueSize = s.integer("queue_size", PlateConfig.DEFAULT_QUEUE_SIZE, 1, 1000);
        return new PlateConfig(enabled, line, zone, frames, candidates, interval, queueSize);
    }

    /**
     * A shape given by the id of one of the camera's geometry {@code key}s, or by its own points; null when absent
     * or wrong (error added).
     */
    private <T> T idOrPoints(Section s, String key, Map<String, T> byId, String pointsRule, Frame frame,
                             BiFunction<List<Point>, String, T> fromPoints) {
        Object raw = s.raw(key);
        if (raw == null && !s.has(key)) {
            return null;
        }
        if (raw instanceof String id) {
            T shape = byId.get(id);
            if (shape == null) {
                s.error(key, "no " + key + " " + quote(id) + " in this camera's geometry." + key + "s ("
                        + (byId.isEmpty() ? "it has none" : "it has: " + String.join(", ", byId.keySet())) + ")");
            }
            return shape;
        }
        if (raw instanceof List<?>) {
            return fromPoints.apply(points(raw, s.pathOf(key), frame), s.pathOf(key));
        }
        s.error(key, "expected the id of a geometry " + key + " or " + pointsRule + ", got " + describe(raw));
        return null;
    }

    /** Reads and checks a line or zone id; ids are unique per kind within a camera. */
    private String itemId(Section s, Set<String> seen) {
        if (!s.require("id")) {
            return null;
        }
        String id = s.string("id", null);
        if (id == null) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            s.error("id", "invalid id " + quote(id) + " (" + ID_RULE + ")");
            return null;
        }
        if (!seen.add(id)) {
            s.error("id", "duplicate id " + quote(id));
            return null;
        }
        return id;
    }

    private Set<String> directions(Section s) {
        Object raw = s.raw("directions");
        if (raw == null && !s.has("directions")) {
            return Collections.unmodifiableSet(DIRECTIONS);
        }
        Set<String> directions = new LinkedHashSet<>();
        List<?> list = nonEmptyList(raw, s.pathOf("directions"), "leave it out to count both");
        for (int i = 0; list != null && i < list.size(); i++) {
            Object v = list.get(i);
            if (v instanceof String d && DIRECTIONS.contains(d)) {
                directions.add(d);
            } else {
                errors.add(new ConfigError(s.pathOf("directions") + "[" + i + "]",
                        "unknown direction " + describe(v) + " (expected in or out)"));
            }
        }
        return Collections.unmodifiableSet(directions);
    }

    /** Classes a line or zone counts; empty (all classes) when left out. */
    private Set<ObjectClass> classes(Section s) {
        if (s.raw("classes") == null && !s.has("classes")) {
            return Set.of();
        }
        return classList(s, "classes", "leave it out to count all classes");
    }

    /** A non-empty list of classes under {@code key}; {@code hint} says what to do instead of an empty list. */
    private Set<ObjectClass> classList(Section s, String key, String hint) {
        Set<ObjectClass> classes = EnumSet.noneOf(ObjectClass.class);
        List<?> list = nonEmptyList(s.raw(key), s.pathOf(key), hint);
        for (int i = 0; list != null && i < list.size(); i++) {
            ObjectClass c = objectClass(list.get(i), s.pathOf(key) + "[" + i + "]");
            if (c != null) {
                classes.add(c);
            }
        }
        return Collections.unmodifiableSet(classes);
    }

    private List<?> nonEmptyList(Object raw, String path, String hint) {
        if (!(raw instanceof List<?> list)) {
            errors.add(new ConfigError(path, "expected a list, got " + describe(raw)));
            return null;
        }
        if (list.isEmpty()) {
            errors.add(new ConfigError(path, "must not be empty (" + hint + ")"));
            return null;
        }
        return list;
    }

    private ObjectClass objectClass(Object raw, String path) {
        if (raw instanceof String name) {
            var c = ObjectClass.fromWireName(name);
            if (c.isPresent()) {
                return c.get();
            }
        }
        errors.add(new ConfigError(path, "unknown class " + describe(raw) + " (expected one of: "
                + Arrays.stream(ObjectClass.values()).map(ObjectClass::wireName).collect(Collectors.joining(", "))
                + ")"));
        return null;
    }

    /**
     * Reads {@code [[x, y], ...]}. Returns null if the value is not such a list (errors added); points outside the
     * frame are reported but still returned, so that count errors are not reported on top.
     */
    private List<Point> points(Object raw, String path, Frame frame) {
        if (!(raw instanceof List<?> list)) {
            errors.add(new ConfigError(path, "expected a list of [x, y] points, got " + describe(raw)));
            return null;
        }
        List<Point> points = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            Object item = list.get(i);
            if (!(item instanceof List<?> xy) || xy.size() != 2 || !(xy.get(0) instanceof Number)
                    || !(xy.get(1) instanceof Number)) {
                errors.add(new ConfigError(p, "expected a point [x, y] of two numbers, got " + describe(item)));
                ok = false;
                continue;
            }
            double x = ((Number) xy.get(0)).doubleValue();
            double y = ((Number) xy.get(1)).doubleValue();
            if (frame.valid && (x < 0 || y < 0 || x > frame.width || y > frame.height)) {
                errors.add(new ConfigError(p, "point [" + num(x) + ", " + num(y) + "] is outside the "
                        + frame.width + "x" + frame.height + " detect frame"));
            }
            points.add(new Point(x, y));
        }
        return ok ? points : null;
    }

    // ---------------------------------------------------------------- scalars

    private Double number(Object raw, String path, double min, boolean minInclusive, double max,
                          boolean maxInclusive) {
        if (!(raw instanceof Number n) || (raw instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            errors.add(new ConfigError(path, "expected a number, got " + describe(raw)));
            return null;
        }
        double v = n.doubleValue();
        boolean aboveMin = minInclusive ? v >= min : v > min;
        boolean belowMax = maxInclusive ? v <= max : v < max;
        if (!aboveMin || !belowMax) {
            errors.add(new ConfigError(path, "must be in " + (minInclusive ? "[" : "(") + num(min) + ", " + num(max)
                    + (maxInclusive ? "]" : ")") + ", got " + num(v)));
            return null;
        }
        return v;
    }

    private boolean hasErrorAt(String path) {
        for (ConfigError e : errors) {
            if (e.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** How a wrong value is shown in a message: strings quoted, containers named. */
    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof java.util.Date) {
            return "a date (quote it if you meant text)";
        }
        return "a " + v.getClass().getSimpleName();
    }

    /** A URL fit for an error message: any user:password replaced, as the log and API show camera URLs. */
    static String withoutPassword(String url) {
        return url.replaceAll("://[^/@\\s]*@", "://***@");
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return "\"" + shown + "\"";
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // ---------------------------------------------------------------- tree access

    private record Item(String path, Object value) {
    }

    /** Wraps a mapping; unknown keys and a non-mapping value are reported when it is created. */
    private Section section(Object raw, String path, String... allowed) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (raw == null) {
            return new Section(path, map, true);
        }
        if (!(raw instanceof Map<?, ?> m)) {
            errors.add(new ConfigError(path, "expected a mapping, got " + describe(raw)));
            return new Section(path, map, false);
        }
        List<String> keys = List.of(allowed);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String keyPath = (path.isEmpty() ? "" : path + ".") + e.getKey();
            if (!(e.getKey() instanceof String key)) {
                errors.add(new ConfigError(keyPath, "keys must be strings"));
            } else if (!keys.contains(key)) {
                errors.add(new ConfigError(keyPath, "unknown key (expected one of: " + String.join(", ", keys) + ")"));
            } else {
                map.put(key, e.getValue());
            }
        }
        return new Section(path, map, true);
    }

    private final class Section {
        private final String path;
        private final Map<String, Object> map;
        // False when the value was not a mapping at all; that error already covers its missing keys.
        private final boolean wellFormed;

        Section(String path, Map<String, Object> map, boolean wellFormed) {
            this.path = path;
            this.map = map;
            this.wellFormed = wellFormed;
        }

        /** Reports a missing required key, unless the section itself was already reported as malformed. */
        boolean require(String key) {
            if (map.containsKey(key)) {
                return true;
            }
            if (wellFormed) {
                error(key, "missing required key");
            }
            return false;
        }

        String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return map.containsKey(key);
        }

        Object raw(String key) {
            return map.get(key);
        }

        void error(String key, String message) {
            errors.add(new ConfigError(pathOf(key), message));
        }

        boolean hasErrorAt(String key) {
            return ConfigLoader.this.hasErrorAt(pathOf(key));
        }

        /** A nested section; absent or null means all defaults. */
        Section section(String key, String... allowed) {
            return ConfigLoader.this.section(map.get(key), pathOf(key), allowed);
        }

        /** The elements of an optional list, each with its path. */
        List<Item> items(String key) {
            Object raw = map.get(key);
            if (raw == null) {
                return List.of();
            }
            if (!(raw instanceof List<?> list)) {
                error(key, "expected a list, got " + describe(raw));
                return List.of();
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(new Item(pathOf(key) + "[" + i + "]", list.get(i)));
            }
            return items;
        }

        /** A string, or {@code def} when absent; null after an error. */
        String string(String key, String def) {
            if (!map.containsKey(key)) {
                return def;
            }
            Object v = map.get(key);
            if (!(v instanceof String s)) {
                error(key, "expected a string, got " + describe(v));
                return null;
            }
            if (s.contains("${")) {
                error(key, "${...} references are only allowed in source.url and secrets");
                return null;
            }
            return s;
        }

        /** A path resolved against the working directory. */
        Path path(String key, String def) {
            String s = string(key, def);
            if (s == null) {
                return null;
            }
            if (s.isBlank()) {
                error(key, "must not be empty");
                return null;
            }
            try {
                return Path.of(s).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                error(key, "not a valid path: " + quote(s));
                return null;
            }
        }

        int integer(String key, int def, int min, int max) {
            if (!map.containsKey(key)) {
                return def;
            }
            Object v = map.get(key);
            if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
                error(key, (v instanceof Number ? "expected a whole number, got " : "expected a number, got ")
                        + describe(v));
                return def;
            }
            Number n = (Number) v;
            if (v instanceof BigInteger || n.longValue() < min || n.longValue() > max) {
                error(key, "must be in " + min + ".." + max + ", got " + v);
                return def;
            }
            return n.intValue();
        }

        double number(String key, double def, double min, boolean minInclusive, double max, boolean maxInclusive) {
            if (!map.containsKey(key)) {
                return def;
            }
            Double v = ConfigLoader.this.number(map.get(key), pathOf(key), min, minInclusive, max, maxInclusive);
            return v == null ? def : v;
        }

        boolean bool(String key, boolean def) {
            if (!map.containsKey(key)) {
                return def;
            }
            Object v = map.get(key);
            if (!(v instanceof Boolean b)) {
                error(key, "expected true or false, got " + describe(v));
                return def;
            }
            return b;
        }
    }
}
