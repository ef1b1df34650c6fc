package vn.wardwatch.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.wardwatch.analytics.traffic.ZoneState;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.SignalReports;
import vn.wardwatch.signal.SignalBoard;
import vn.wardwatch.signal.SignalColour;
import vn.wardwatch.signal.SignalState;

/**
 * What a worker publishes every second of each camera it runs ({@link ClusterCameraStatus} keeps the latest): its
 * status, its zones' traffic state (the operations centre's snapshot) and its signal heads as its board reads them.
 */
final class CameraReport {

    private CameraReport() {
    }

    /**
     * @param zones the camera's zone states; null without traffic zones
     * @param board the board its rules read; null without violation rules
     */
    static JsonObject of(String worker, CameraStatus status, List<ZoneState> zones, SignalBoard board) {
        JsonObject report = new JsonObject().put("worker", worker).put("status", CameraStatusJson.toJson(status));
        if (zones != null) {
            report.put("zones", ZoneStateJson.toJson(zones));
        }
        if (board != null && !board.isEmpty()) {
            // States first: a frame analysed in between only makes the stream time later, never a state newer.
            List<SignalState> states = board.states();
            JsonArray heads = new JsonArray();
            states.forEach(s -> heads.add(new JsonObject().put("head", s.headId()).put("state", s.colour().wireName())
                    .put("source", s.source()).put("since", s.sinceStreamMillis())));
            report.put("signals", new JsonObject().put("latestStreamMillis", board.latestStreamMillis())
                    .put("heads", heads));
        }
        return report;
    }

    /** The report's zone states; null when it has none. */
    static List<ZoneState> zones(JsonObject report) {
        JsonArray zones = report.getJsonArray("zones");
        return zones == null ? null : ZoneStateJson.fromJson(zones);
    }

    /** The report's signal heads by id; empty when it has none. */
    static Map<String, SignalReports.Reported> signals(JsonObject report) {
        JsonObject signals = report.getJsonObject("signals");
        Map<String, SignalReports.Reported> out = new HashMap<>();
        if (signals != null) {
            long latest = signals.getLong("latestStreamMillis");
            for (Object o : signals.getJsonArray("heads")) {
                JsonObject h = (JsonObject) o;
                out.put(h.getString("head"), new SignalReports.Reported(new SignalState(h.getString("head"),
                        SignalColour.fromWireName(h.getString("state")), h.getString("source"), h.getLong("since")),
                        latest));
            }
        }
        return Map.copyOf(out);
    }
}
