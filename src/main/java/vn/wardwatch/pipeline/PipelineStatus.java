package vn.wardwatch.pipeline;

import java.util.List;
import java.util.Optional;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.CameraStatusSource;
import vn.wardwatch.config.CameraConfig;
import vn.wardwatch.ingest.LatestFrame;

/** The API's view of the running cameras. */
public final class PipelineStatus implements CameraStatusSource {

    private final List<CameraPipeline> pipelines;

    public PipelineStatus(List<CameraPipeline> pipelines) {
        this.pipelines = List.copyOf(pipelines);
    }

    @Override
    public List<CameraStatus> cameras() {
        return pipelines.stream().map(CameraPipeline::status).toList();
    }

    @Override
    public Optional<CameraConfig> config(String cameraId) {
        return pipeline(cameraId).map(CameraPipeline::camera);
    }

    @Override
    public Optional<LatestFrame> latestFrame(String cameraId) {
        return pipeline(cameraId).map(CameraPipeline::latestFrame);
    }

    private Optional<CameraPipeline> pipeline(String cameraId) {
        return pipelines.stream().filter(p -> p.camera().id().equals(cameraId)).findFirst();
    }
}
