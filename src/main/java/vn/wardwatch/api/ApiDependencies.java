package vn.wardwatch.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import vn.wardwatch.storage.CameraStateRepository;
import vn.wardwatch.storage.CountRepository;

/** What the API reads from the rest of the system. */
public record ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                              BooleanSupplier databaseHealthy, BooleanSupplier detectorLoaded,
                              PrometheusMeterRegistry metrics, Clock clock) {
}
