package vn.wardwatch.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.evidence.EvidencePackageWriter;

/**
 * What the review page needs beyond the stored row, in one answer (issue 9): the package's pictures and clip by
 * role, where the camera stands (from the signed manifest), the plate's runner-up reads, the signal head and how long
 * it had shown its state, the moments (from {@code details.json}). A package written before a field existed, or one
 * whose JSON cannot be read, gives nulls there, not an error: the stored row still answers.
 */
final class ViolationDetail {

    private static final Logger LOG = LoggerFactory.getLogger(ViolationDetail.class);
    static final String DETAILS = "details.json";
    private static final Pattern OVERVIEW = Pattern.compile("overview-(\\d+)-([A-Za-z0-9_]+)\\.jpg");

    private ViolationDetail() {
    }

    /**
     * Adds {@code media}, {@code location}, {@code timezone}, {@code moments}, {@code clip}, the signal's
     * {@code head} and {@code heldMillis}, and the plate's {@code alternatives} (masked like the plate when
     * {@code masked}) to {@code json}, the violation's summary.
     */
    static JsonObject addTo(JsonObject json, String id, Path dir, List<String> files, String base, boolean masked) {
        json.put("media", media(files, base));
        JsonObject manifest = read(id, dir, EvidencePackageWriter.MANIFEST);
        JsonObject details = read(id, dir, DETAILS);
        json.put("timezone", manifest.getValue("zone"));
        json.put("location", new JsonObject().put("cameraName", manifest.getValue("cameraName"))
                .put("address", manifest.getValue("address")).put("latitude", manifest.getValue("latitude"))
                .put("longitude", manifest.getValue("longitude")));
        JsonObject signal = object(details, "signal");
        if (json.getJsonObject("signal") != null && signal != null) {
            json.getJsonObject("signal").put("head", signal.getValue("head"))
                    .put("heldMillis", signal.getValue("heldMillis"));
        }
        JsonObject plate = json.getJsonObject("plate");
        JsonObject plateDetails = object(details, "plate");
        if (plate != null) {
            JsonArray alternatives = new JsonArray();
            if (plateDetails != null && plateDetails.getValue("runnerUps") instanceof JsonArray runnerUps) {
                for (Object o : runnerUps) {
                    if (o instanceof JsonObject r && r.getValue("text") instanceof String text) {
                        alternatives.add(new JsonObject()
                                .put("text", masked ? PlateMask.mask(text) : text)
                                .put("support", r.getValue("support")).put("reads", r.getValue("reads")));
                    }
                }
            }
            plate.put("alternatives", alternatives);
            if (plateDetails != null) {
                plate.put("support", plateDetails.getValue("support")).put("reads", plateDetails.getValue("reads"))
                        .put("valid", plateDetails.getValue("valid"));
            }
        }
        JsonArray moments = new JsonArray();
        if (details.getValue("moments") instanceof JsonArray stored) {
            for (Object o : stored) {
                if (o instanceof JsonObject m) {
                    moments.add(new JsonObject().put("label", m.getValue("label"))
                            .put("at", m.getValue("frameWallTime")).put("box", m.getValue("box")));
                }
            }
        }
        json.put("moments", moments);
        JsonObject clip = object(details, "clip");
        json.put("clip", clip == null ? null : new JsonObject().put("from", clip.getValue("from"))
                .put("to", clip.getValue("to")).put("frames", clip.getValue("frames"))
                .put("source", clip.getValue("source")));
        return json;
    }

    /** The pictures and clip by role: overviews in picture order, each with its moment's label. */
    static JsonObject media(List<String> files, String base) {
        List<Matcher> overviews = new ArrayList<>();
        for (String name : files) {
            Matcher m = OVERVIEW.matcher(name);
            if (m.matches()) {
                overviews.add(m);
            }
        }
        overviews.sort(Comparator.comparingInt(m -> Integer.parseInt(m.group(1))));
        JsonArray overview = new JsonArray();
        for (Matcher m : overviews) {
            overview.add(new JsonObject().put("label", m.group(2)).put("url", base + "/files/" + m.group()));
        }
        return new JsonObject().put("overview", overview)
                .put("vehicle", files.contains("vehicle.jpg") ? base + "/files/vehicle.jpg" : null)
                .put("plate", files.contains("plate.jpg") ? base + "/files/plate.jpg" : null)
                .put("clip", files.contains("clip.mp4") ? base + "/files/clip.mp4" : null);
    }

    /** The member when it is an object; null when absent or of another type (an older or foreign package). */
    private static JsonObject object(JsonObject json, String key) {
        return json.getValue(key) instanceof JsonObject o ? o : null;
    }

    private static JsonObject read(String id, Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return new JsonObject();
        }
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | DecodeException e) {
            LOG.warn("violation {}: {} of its package {} cannot be read: {}", id, name, dir, e.toString());
            return new JsonObject();
        }
    }
}
