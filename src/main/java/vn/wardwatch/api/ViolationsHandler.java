package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import vn.wardwatch.auth.User;
import vn.wardwatch.evidence.EvidencePackageWriter;
import vn.wardwatch.evidence.EvidenceVerifier;
import vn.wardwatch.evidence.ManifestSigner;
import vn.wardwatch.evidence.VerificationProblem;
import vn.wardwatch.evidence.VerificationResult;
import vn.wardwatch.storage.ReviewConflictException;
import vn.wardwatch.storage.StoredViolation;
import vn.wardwatch.storage.ViolationQuery;
import vn.wardwatch.storage.ViolationReview;
import vn.wardwatch.violation.ViolationType;

/**
 * {@code /api/v1/violations}: list with filters and a (time, id) cursor, one violation with its reviews and files,
 * each file, the package as a zip, verification, and review. Evidence is personal data: no shared caches.
 */
final class ViolationsHandler {

    static final int DEFAULT_LIMIT = 50;
    private static final Map<String, String> MEDIA_TYPES = Map.of("jpg", "image/jpeg", "mp4", "video/mp4",
            "json", "application/json", "sig", "text/plain; charset=us-ascii");

    private final Vertx vertx;
    private final ApiDependencies.Violations deps;
    private final Clock clock;
    private final ApiDependencies.Security security;

    ViolationsHandler(Vertx vertx, ApiDependencies.Violations deps, Clock clock, ApiDependencies.Security security) {
        this.vertx = vertx;
        this.deps = deps;
        this.clock = clock;
        this.security = security;
    }

    void list(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        QueryParams.Range range = QueryParams.range(ctx);
        Instant from = range.from();
        Instant to = range.to();
        String typeText = ctx.queryParams().get("type");
        String type = typeText == null ? null : ViolationType.fromWireName(typeText).orElseThrow().code();
        String plateText = ctx.queryParams().get("plate");
        User user = Access.user(ctx);
        if (plateText != null && !user.role().seesPlates()) {
            throw new ApiException(403, "Forbidden", "searching violations by plate needs the plate right (role "
                    + user.role().wireName() + " has not)");
        }
        String plate = plateText == null ? null : PlatesHandler.searchKey(plateText);
        int limit = QueryParams.limit(ctx, DEFAULT_LIMIT);
        ViolationQuery.Cursor after = cursor(ctx.queryParams().get("cursor"));
        ViolationQuery q = new ViolationQuery(ctx.queryParams().get("camera"), type, ctx.queryParams().get("status"),
                plate, from, to, limit, after);
        vertx.executeBlocking(() -> d.repository().list(q)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            List<StoredViolation> rows = result.result();
            JsonArray out = new JsonArray();
            // Filtered after the query: a page may hold fewer rows than the limit, the cursor still moves on.
            rows.stream().filter(v -> security.scope().sees(user, v.cameraId()))
                    .forEach(v -> out.add(summary(v, user)));
            String next = rows.size() < limit ? null : cursorOf(rows.get(rows.size() - 1));
            Json.send(ctx, 200, new JsonObject().put("violations", out).put("nextCursor", next));
        });
    }

    void one(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        String id = ctx.pathParam("violationId");
        User user = Access.user(ctx);
        vertx.executeBlocking(() -> {
            StoredViolation v = find(d, id, user);
            security.audit().record(user.name(), "evidence.view", "violation:" + id, "");
            JsonObject json = summary(v, user);
            JsonArray reviews = new JsonArray();
            d.repository().reviews(id).forEach(r -> reviews.add(new JsonObject().put("reviewer", r.reviewer())
                    .put("decision", r.decision()).put("reasonCode", r.reasonCode()).put("note", r.note())
                    .put("at", r.reviewedAt().toString())));
            json.put("reviews", reviews);
            JsonArray files = new JsonArray();
            Path dir = packageDir(d, v);
            List<String> names = fileNames(dir);
            for (String name : names) {
                files.add(new JsonObject().put("name", name).put("url", base(v) + "/files/" + name));
            }
            json.put("files", files);
            // Read here even for coordinators, who may not fetch these files: what they get from them is masked.
            return ViolationDetail.addTo(json, id, dir, names, base(v), !user.role().seesPlates());
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Json.send(ctx, 200, result.result());
        });
    }

    void file(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        String id = ctx.pathParam("violationId");
        String name = ctx.pathParam("fileName"); // a plain name, checked by the contract: no separators, no ".."
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        User user = Access.user(ctx);
        String kind = "jpg".equals(extension) ? "image" : "mp4".equals(extension) ? "clip" : null;
        PrivateMedia.send(vertx, ctx, MEDIA_TYPES.getOrDefault(extension, "application/octet-stream"),
                PrivateMedia.NO_STORE, () -> {
                    Path file = packageDir(d, find(d, id, user)).resolve(name);
                    if (!Files.isRegularFile(file)) {
                        throw ApiException.notFound("violation " + id + " has no file " + name);
                    }
                    if (!user.role().seesPlates()) {
                        // Details and manifest carry the plate text; pictures and clips go through the masker.
                        if (kind == null) {
                            throw new ApiException(403, "Forbidden", "role " + user.role().wireName()
                                    + " gets the pictures and clip of a violation, masked, not " + name);
                        }
                        file = MaskedMedia.masked(security.masker(), file, kind);
                    }
                    security.audit().record(user.name(), "evidence.view", "violation:" + id,
                            new JsonObject().put("file", name).encode());
                    return Buffer.buffer(Files.readAllBytes(file));
                });
    }

    void export(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        String id = ctx.pathParam("violationId");
        User user = Access.user(ctx);
        vertx.executeBlocking(() -> {
            Buffer zip = zip(id, packageDir(d, find(d, id, user)));
            security.audit().record(user.name(), "evidence.export", "violation:" + id,
                    new JsonObject().put("bytes", zip.length()).encode());
            return zip;
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/zip")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + id + ".zip\"")
                    .putHeader("Cache-Control", "private, no-store").end(result.result());
        });
    }

    void verify(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        String id = ctx.pathParam("violationId");
        User user = Access.user(ctx);
        vertx.executeBlocking(() -> {
            Path dir = packageDir(d, find(d, id, user));
            VerificationResult r = new EvidenceVerifier(d.publicKey()).verify(dir);
            JsonArray problems = new JsonArray();
            for (VerificationProblem p : r.problems()) {
                problems.add(new JsonObject().put("kind", p.kind().name()).put("file", p.file())
                        .put("detail", p.detail()));
            }
            return new JsonObject().put("id", id).put("ok", r.ok()).put("problems", problems)
                    .put("checkedAt", clock.instant().toString());
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Json.send(ctx, 200, result.result());
        });
    }

    void review(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        String id = ctx.pathParam("violationId");
        JsonObject body = RequestBodies.json(ctx); // shape checked by the contract
        boolean confirm = "confirm".equals(body.getString("decision"));
        String reason = body.getString("reasonCode");
        if (!confirm && reason == null) {
            throw ApiException.badRequest("rejecting needs a reasonCode (not_a_violation, wrong_vehicle,"
                    + " plate_unreadable, wrong_plate, emergency_vehicle, signal_fault, duplicate, other)");
        }
        if (confirm && reason != null) {
            throw ApiException.badRequest("reasonCode is for rejections; leave it out when confirming");
        }
        // The reviewer is whoever is logged in; a "reviewer" in the body (older clients) is ignored.
        User user = Access.user(ctx);
        ViolationReview review = new ViolationReview(id, user.name(),
                confirm ? StoredViolation.CONFIRMED : StoredViolation.REJECTED, reason, body.getString("note"),
                clock.instant());
        vertx.executeBlocking(() -> {
            find(d, id, user); // a violation of a camera outside the user's groups is not found
            try {
                StoredViolation reviewed = d.repository().review(review)
                        .orElseThrow(() -> ApiException.notFound("no violation with id " + id));
                security.audit().record(user.name(), "violation.review", "violation:" + id, new JsonObject()
                        .put("decision", review.decision()).put("reasonCode", reason).encode());
                return reviewed;
            } catch (ReviewConflictException e) {
                throw new ApiException(409, "Conflict", e.getMessage());
            }
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            Json.send(ctx, 200, summary(result.result(), user));
        });
    }

    void publicKey(RoutingContext ctx) {
        ApiDependencies.Violations d = available();
        ctx.response().putHeader("Content-Type", "application/x-pem-file")
                .end(ManifestSigner.publicKeyPem(d.publicKey()));
    }

    private ApiDependencies.Violations available() {
        if (deps == null) {
            throw new ApiException(503, "Service Unavailable", "this server keeps no violations");
        }
        return deps;
    }

    /** The violation, when the user sees its camera: another camera's violation is "not found", not forbidden. */
    private StoredViolation find(ApiDependencies.Violations d, String id, User user) {
        return d.repository().find(id).filter(v -> security.scope().sees(user, v.cameraId()))
                .orElseThrow(() -> ApiException.notFound("no violation with id " + id));
    }

    private static Path packageDir(ApiDependencies.Violations d, StoredViolation v) {
        Path root = d.evidenceRoot().toAbsolutePath().normalize();
        Path dir = root.resolve(v.packageDir()).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
            throw ApiException.notFound("the evidence package of violation " + v.id() + " is missing from "
                    + root + " (expected " + v.packageDir() + ")");
        }
        return dir;
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Buffer zip(String id, Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : fileNames(dir)) {
                zip.putNextEntry(new ZipEntry(id + "/" + name));
                Files.copy(dir.resolve(name), zip);
                zip.closeEntry();
            }
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    private static String base(StoredViolation v) {
        return "/api/v1/violations/" + v.id();
    }

    private static JsonObject summary(StoredViolation v, User viewer) {
        JsonObject signal = v.signalState() == null ? null
                : new JsonObject().put("state", v.signalState()).put("source", v.signalSource());
        JsonObject plate = null;
        if (v.plateText() != null) {
            boolean masked = !viewer.role().seesPlates();
            plate = new JsonObject().put("text", masked ? PlateMask.mask(v.plateText()) : v.plateText())
                    .put("confidence", Json.round(v.plateConfidence())).put("masked", masked);
        }
        return new JsonObject()
                .put("id", v.id())
                .put("camera", v.cameraId())
                .put("type", ViolationType.valueOf(v.type()).wireName())
                .put("code", v.type())
                .put("status", v.status())
                .put("at", v.occurredAt().toString())
                .put("localTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.occurredAt().atOffset(v.utcOffset())))
                .put("track", v.trackId())
                .put("class", v.objectClass())
                .put("place", v.placeId())
                .put("lane", v.laneId())
                .put("signal", signal)
                .put("geometryHash", v.geometryHash())
                .put("plate", plate)
                .put("manifest", base(v) + "/files/" + EvidencePackageWriter.MANIFEST)
                .put("export", base(v) + "/export")
                .put("verify", base(v) + "/verify");
    }

    /** The cursor is opaque to clients: base64url of "epoch millis|id" of the page's last row. */
    static String cursorOf(StoredViolation last) {
        String raw = last.occurredAt().toEpochMilli() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ViolationQuery.Cursor cursor(String text) {
        if (text == null) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new ViolationQuery.Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, bar))),
                    raw.substring(bar + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ApiException.badRequest("query parameter 'cursor' is not a cursor this server gave out: '" + text
                    + "' (use nextCursor of the previous page as it is)");
        }
    }
}
