package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import vn.wardwatch.plate.PlateSighting;
import vn.wardwatch.plate.PlateVote;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateRepository;
import vn.wardwatch.storage.PlateSearch;
import vn.wardwatch.storage.StoredPlate;

/** {@code /api/v1/plates} (search) and {@code /api/v1/plates/{plateId}/crop} (the crop image). */
final class PlatesHandler {

    static final int DEFAULT_LIMIT = 50;
    /** The longest Vietnamese plate has 9 characters; a few more leave room for odd reads. */
    private static final int MAX_CHARACTERS = 12;

    private final Vertx vertx;
    private final PlateRepository plates;
    private final PlateCropStore crops;
    private final CameraScope scope;

    PlatesHandler(Vertx vertx, PlateRepository plates, PlateCropStore crops, CameraScope scope) {
        this.vertx = vertx;
        this.plates = plates;
        this.crops = crops;
        this.scope = scope;
    }

    void search(RoutingContext ctx) {
        String text = ctx.queryParams().get("text");
        String characters = text == null ? null : searchKey(text);
        QueryParams.Range range = QueryParams.range(ctx);
        Instant from = range.from();
        Instant to = range.to();
        int limit = QueryParams.limit(ctx, DEFAULT_LIMIT);
        PlateSearch search = new PlateSearch(characters, ctx.queryParams().get("camera"), from, to, limit);
        var user = Access.user(ctx);
        vertx.executeBlocking(() -> plates.search(search)).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            JsonArray out = new JsonArray();
            for (StoredPlate p : result.result()) {
                if (!scope.sees(user, p.sighting().cameraId())) {
                    continue;
                }
                JsonObject json = plate(p);
                if (characters != null) {
                    json.put("match", p.sighting().plate().characters().equals(characters) ? "exact" : "fuzzy");
                }
                out.add(json);
            }
            Json.send(ctx, 200, new JsonObject().put("plates", out));
        });
    }

    void crop(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("plateId")); // an integer >= 1, checked by the contract
        } catch (NumberFormatException e) {
            // The contract allows any size of integer; one past a long names no plate (was a 500, ApiFuzzTest).
            throw ApiException.notFound("no plate with id " + ctx.pathParam("plateId"));
        }
        var user = Access.user(ctx);
        PrivateMedia.send(vertx, ctx, "image/jpeg", PrivateMedia.CACHE_AN_HOUR, () -> {
            StoredPlate plate = plates.find(id).filter(p -> scope.sees(user, p.sighting().cameraId()))
                    .orElseThrow(() -> ApiException.notFound("no plate with id " + id));
            Path file = crops.resolve(plate.cropFile()).orElseThrow(() -> ApiException.notFound("plate " + id
                    + " has no crop image (it could not be written, or its file is gone)"));
            return Buffer.buffer(Files.readAllBytes(file));
        });
    }

    /**
     * What a plate text is searched by: without separators and spaces, upper case; letters (Đ included) and digits
     * only.
     */
    static String searchKey(String text) {
        String key = text.replaceAll("[-.\\s]", "").toUpperCase(Locale.ROOT);
        if (key.isEmpty() || key.length() > MAX_CHARACTERS || !key.chars().allMatch(Character::isLetterOrDigit)) {
            throw ApiException.badRequest("query parameter 'text' must be a plate such as 30A-339.18: 1 to "
                    + MAX_CHARACTERS + " letters and digits (separators '-', '.' and spaces are ignored), got '"
                    + text + "'");
        }
        return key;
    }

    private static JsonObject plate(StoredPlate stored) {
        PlateSighting s = stored.sighting();
        PlateVote p = s.plate();
        JsonArray runnerUps = new JsonArray();
        for (PlateVote.RunnerUp r : p.runnerUps()) {
            runnerUps.add(new JsonObject().put("text", r.text()).put("characters", r.characters())
                    .put("support", Json.round(r.support())).put("reads", r.reads()));
        }
        return new JsonObject()
                .put("id", stored.id())
                .put("camera", s.cameraId())
                .put("at", s.seenAt().toString())
                .put("localTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(s.seenAt().atOffset(s.utcOffset())))
                .put("track", s.trackId())
                .put("reason", s.reason())
                .put("text", p.text())
                .put("characters", p.characters())
                .put("lines", p.layout().lines())
                .put("colour", p.colour().jsonName())
                .put("confidence", Json.round(p.confidence()))
                .put("valid", p.valid())
                .put("support", Json.round(p.support()))
                .put("reads", p.reads())
                .put("agreeingReads", p.agreeingReads())
                .put("runnerUps", runnerUps)
                .put("crop", stored.cropFile() == null ? null : "/api/v1/plates/" + stored.id() + "/crop");
    }
}
