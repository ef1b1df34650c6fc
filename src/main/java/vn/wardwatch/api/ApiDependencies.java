package vn.wardwatch.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import vn.wardwatch.storage.CameraStateRepository;
import vn.wardwatch.storage.CountRepository;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.PlateRepository;

/** What the API reads from the rest of the system. */
public record ApiDependencies(CameraStatusSource cameras, CountRepository counts, CameraStateRepository cameraStates,
                              PlateRepository plates, PlateCropStore plateCrops, BooleanSupplier databaseHealthy,
                              BooleanSupplier detectorLoaded, PrometheusMeterRegistry metrics, Clock clock) {
}
