package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.wardwatch.auth.User;
import vn.wardwatch.recording.ClipExporter;
import vn.wardwatch.recording.RecordedSegment;
import vn.wardwatch.recording.RecordingGap;

/**
 * {@code /api/v1/cameras/{id}/recordings} (segments and gaps) and {@code /api/v1/cameras/{id}/clip} (one MP4 for a
 * time range, with Range support). The clip is made on a worker thread into a temporary file, served, then deleted;
 * a Range request makes it again (a copy-joined clip of a minute takes well under a second).
 */
final class RecordingsHandler {

    /** Longer clips are refused: an hour of 1080p is already ~2 GB of temporary file. */
    static final Duration MAX_CLIP = Duration.ofHours(1);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Vertx vertx;
    private final ApiDependencies.Recordings recordings;
    private final ApiDependencies.Security security;

    RecordingsHandler(Vertx vertx, ApiDependencies.Recordings recordings, ApiDependencies.Security security) {
        this.vertx = vertx;
        this.recordings = recordings;
        this.security = security;
    }

    void list(RoutingContext ctx) {
        String camera = camera(ctx);
        Instant from = required(ctx, "from");
        Instant to = required(ctx, "to");
        QueryParams.requireOrder(from, to);
        vertx.executeBlocking(() -> new JsonObject()
                .put("camera", camera).put("from", from.toString()).put("to", to.toString())
                .put("segments", segments(recordings.repository().segments(camera, from, to)))
                .put("gaps", gaps(recordings.repository().gaps(camera, from, to)))).onComplete(result -> {
                    if (result.failed()) {
                        ctx.fail(result.cause());
                    } else {
                        Json.send(ctx, 200, result.result());
                    }
                });
    }

    void clip(RoutingContext ctx) {
        String camera = camera(ctx);
        Instant from = required(ctx, "from");
        Instant to = required(ctx, "to");
        QueryParams.requireOrder(from, to);
        if (Duration.between(from, to).compareTo(MAX_CLIP) > 0) {
            throw ApiException.badRequest("a clip is at most " + MAX_CLIP.toMinutes() + " minutes; asked for "
                    + Duration.between(from, to).toSeconds() + " s");
        }
        boolean exact = Boolean.parseBoolean(ctx.queryParams().get("exact"));
        String range = ctx.request().getHeader("Range");
        int[] gaps = new int[1];
        User user = Access.user(ctx);
        if (!user.role().seesPlates() && security.masker() == null) {
            MaskedMedia.refuse("clip");
        }
        vertx.executeBlocking(() -> {
            ClipExporter.Clip clip;
            try {
                gaps[0] = recordings.repository().gaps(camera, from, to).size();
                clip = recordings.exporter().export(camera, from, to, exact);
            } catch (ClipExporter.NoRecordingException e) {
                throw ApiException.notFound(e.getMessage());
            }
            if (!user.role().seesPlates()) {
                // The clip is a temporary file: its masked copy replaces it and is deleted once sent.
                try {
                    ClipExporter.Clip masked = new ClipExporter.Clip(
                            MaskedMedia.masked(security.masker(), clip.file(), "clip"), clip.actualStart(),
                            clip.actualEnd());
                    if (!masked.file().equals(clip.file())) {
                        ClipExporter.discard(clip);
                    }
                    clip = masked;
                } catch (java.io.IOException | RuntimeException e) {
                    ClipExporter.discard(clip);
                    throw e;
                }
            }
            security.audit().record(user.name(), "recording.clip", "camera:" + camera, new JsonObject()
                    .put("from", from.toString()).put("to", to.toString()).put("exact", exact).encode());
            return clip;
        }).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ClipExporter.Clip clip = result.result();
            try {
                // Segments are joined across a gap: the clip is then shorter than the range, and says so.
                ctx.response().putHeader("X-Recording-Gaps", Integer.toString(gaps[0]));
                send(ctx, clip, from, to, range);
            } catch (RuntimeException e) {
                ClipExporter.discard(clip);
                ctx.fail(e);
            }
        });
    }

    private void send(RoutingContext ctx, ClipExporter.Clip clip, Instant from, Instant to, String range) {
        long size;
        try {
            size = Files.size(clip.file());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("clip file vanished: " + e.getMessage(), e);
        }
        HttpServerResponse response = ctx.response()
                .putHeader("X-Requested-Start", from.toString())
                .putHeader("X-Requested-End", to.toString())
                .putHeader("X-Actual-Start", clip.actualStart().toString())
                .putHeader("X-Actual-End", clip.actualEnd().toString())
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, PrivateMedia.NO_STORE)
                // Already compressed video: gzip would only cost CPU and break byte ranges.
                .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
        long offset = 0;
        long length = size;
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            long[] r = m.matches() ? byteRange(m.group(1), m.group(2), size) : null;
            if (r == null) {
                ClipExporter.discard(clip);
                response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                throw new ApiException(416, "Range Not Satisfiable", "range '" + range + "' does not fit the clip of "
                        + size + " bytes (one range, bytes=first-last)");
            }
            offset = r[0];
            length = r[1] - r[0] + 1;
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
                    "bytes " + r[0] + "-" + r[1] + "/" + size);
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "video/mp4");
        response.sendFile(clip.file().toString(), offset, length)
                .onComplete(done -> vertx.executeBlocking(() -> {
                    ClipExporter.discard(clip);
                    return null;
                }));
    }

    /** {@code [first, last]} of a single byte range, or null when it cannot be served. */
    static long[] byteRange(String first, String last, long size) {
        if (first.isEmpty() && last.isEmpty()) {
            return null;
        }
        try {
            if (first.isEmpty()) {
                // bytes=-N: the last N bytes.
                long n = Long.parseLong(last);
                return n == 0 || size == 0 ? null : new long[] {Math.max(0, size - n), size - 1};
            }
            long a = Long.parseLong(first);
            long b = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            return a >= size || b < a ? null : new long[] {a, b};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String camera(RoutingContext ctx) {
        if (recordings == null) {
            throw new ApiException(503, "Service Unavailable", "this server records no camera");
        }
        String camera = ctx.pathParam("cameraId");
        // A camera outside the user's groups is answered like one that does not exist.
        if (!recordings.cameras().contains(camera) || !security.scope().sees(Access.user(ctx), camera)) {
            throw ApiException.notFound("no camera '" + camera + "'");
        }
        return camera;
    }

    private static Instant required(RoutingContext ctx, String name) {
        Instant t = QueryParams.instant(ctx, name);
        if (t == null) {
            throw ApiException.badRequest("query parameter '" + name + "' is required");
        }
        return t;
    }

    private static JsonArray segments(Iterable<RecordedSegment> segments) {
        JsonArray out = new JsonArray();
        for (RecordedSegment s : segments) {
            out.add(new JsonObject().put("start", s.start().toString()).put("end", s.end().toString())
                    .put("durationSeconds", s.duration().toMillis() / 1000.0).put("file", s.file())
                    .put("sizeBytes", s.sizeBytes()).put("sha256", s.sha256()).put("protected", s.protectedFlag())
                    .put("partial", s.partial()).put("clockJump", s.clockJump())
                    .put("declaredFps", s.declaredFps()).put("deliveredFps", s.deliveredFps()));
        }
        return out;
    }

    private static JsonArray gaps(Iterable<RecordingGap> gaps) {
        JsonArray out = new JsonArray();
        for (RecordingGap g : gaps) {
            out.add(new JsonObject().put("start", g.start().toString()).put("end", g.end().toString())
                    .put("reason", g.reason()));
        }
        return out;
    }
}
