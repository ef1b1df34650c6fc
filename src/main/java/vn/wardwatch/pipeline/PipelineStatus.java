package vn.wardwatch.pipeline;

import java.util.List;
import vn.wardwatch.api.CameraStatus;
import vn.wardwatch.api.CameraStatusSource;

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
}
