package vn.wardwatch.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready}. Ready means the database answers and the detector
 * is loaded; cameras being offline does not make the service unready (it is still useful, and says so).
 */
final class HealthHandler {

    private final Vertx vertx;
    private final BooleanSupplier databaseHealthy;
    private final BooleanSupplier detectorLoaded;
    private final CameraStatusSource cameras;
    /** Issue 8: the disk guard's low state; null when there is none. */
    private BooleanSupplier diskLow;

    HealthHandler(Vertx vertx, BooleanSupplier databaseHealthy, BooleanSupplier detectorLoaded,
                  CameraStatusSource cameras) {
        this.vertx = vertx;
        this.databaseHealthy = databaseHealthy;
        this.detectorLoaded = detectorLoaded;
        this.cameras = cameras;
    }

    /** Ready but low on disk answers DEGRADED (still 200) with {@code checks.disk: LOW}. */
    HealthHandler withDiskGuard(BooleanSupplier diskLow) {
        this.diskLow = diskLow;
        return this;
    }

    void live(RoutingContext ctx) {
        Json.send(ctx, 200, new JsonObject().put("status", "UP"));
    }

    void ready(RoutingContext ctx) {
        vertx.executeBlocking(databaseHealthy::getAsBoolean).onComplete(db -> {
            boolean dbUp = db.succeeded() && db.result();
            boolean detectorUp = detectorLoaded.getAsBoolean();
            long online = cameras.cameras().stream().filter(c -> c.state().equals("online")).count();
            int total = cameras.cameras().size();
            boolean ready = dbUp && detectorUp;
            JsonObject checks = new JsonObject()
                    .put("database", dbUp ? "UP" : "DOWN")
                    .put("detector", detectorUp ? "UP" : "DOWN")
                    .put("cameras", online + "/" + total + " online");
            boolean low = diskLow != null && diskLow.getAsBoolean();
            if (diskLow != null) {
                checks.put("disk", low ? "LOW" : "UP");
            }
            Json.send(ctx, ready ? 200 : 503, new JsonObject().put("status", !ready ? "DOWN" : low ? "DEGRADED" : "UP")
                    .put("checks", checks));
        });
    }
}
