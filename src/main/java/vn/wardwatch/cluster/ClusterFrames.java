package vn.wardwatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.api.ApiException;
import vn.wardwatch.api.CameraStatusSource;
import vn.wardwatch.ingest.LatestFrame;

/**
 * Live frames across the cluster (the console's camera view and live board): a worker answers, at one event-bus
 * address per camera it runs, with that camera's latest analysed frame as JPEG bytes; the api node asks that
 * address. Whoever runs the camera now answers, so the api node needs no assignment of its own; during a handover
 * either the old or the new owner answers. Privacy masking stays on the api node: a masked frame is fetched at full
 * size, decoded there, masked, scaled and encoded again.
 */
public final class ClusterFrames {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFrames.class);
    static final String ADDRESS_PREFIX = "wardwatch.cluster.frame.";
    /** A worker encodes a frame in milliseconds; this long means it is gone or stuck. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Map<String, MessageConsumer<JsonObject>> served = new ConcurrentHashMap<>();

    /** The worker's side: serves the frames of the cameras it runs. */
    public ClusterFrames(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Answers requests for {@code cameraId}'s frame from {@code frame} until {@link #stop}. */
    public void serve(String cameraId, LatestFrame frame) {
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS_PREFIX + cameraId,
                m -> answer(m, cameraId, frame));
        MessageConsumer<JsonObject> before = served.put(cameraId, consumer);
        if (before != null) {
            before.unregister();
        }
    }

    /** Stops answering for {@code cameraId} (it stops here). */
    public void stop(String cameraId) {
        MessageConsumer<JsonObject> consumer = served.remove(cameraId);
        if (consumer != null) {
            consumer.unregister();
        }
    }

    private void answer(Message<JsonObject> m, String cameraId, LatestFrame frame) {
        int width = m.body().getInteger("width", LatestFrame.MAX_WIDTH);
        // Encoding is blocking work; unordered: two viewers' requests need not wait for each other.
        vertx.executeBlocking(() -> frame.jpeg(width), false).onComplete(r -> {
            if (r.failed()) {
                LOG.warn("cluster: camera {}: frame not encoded: {}", cameraId, r.cause().toString());
                m.fail(500, "camera '" + cameraId + "': its worker could not encode the frame");
            } else if (r.result().isEmpty()) {
                m.fail(404, CameraStatusSource.noFrameYet(cameraId).getMessage());
            } else {
                LatestFrame.Jpeg jpeg = r.result().get();
                m.reply(Buffer.buffer(jpeg.bytes()), new DeliveryOptions()
                        .addHeader("at", jpeg.at().toString())
                        .addHeader("width", String.valueOf(jpeg.width()))
                        .addHeader("height", String.valueOf(jpeg.height())));
            }
        });
    }

    /**
     * The api node's side: {@code cameraId}'s latest frame from the worker running it, at most {@code maxWidth}
     * wide. With an {@code edit} (masking) the frame comes at full size and is edited, scaled and encoded here, off
     * the event loop. Fails with an {@link ApiException}: 503 naming the camera when no worker runs it or its worker
     * does not answer in time, 404 when it has no frame yet.
     */
    public static Future<LatestFrame.Jpeg> fetch(Vertx vertx, String cameraId, int maxWidth, LatestFrame.Edit edit,
                                                 Duration timeout) {
        JsonObject request = new JsonObject().put("width", edit == null ? maxWidth : LatestFrame.MAX_WIDTH);
        Future<Message<Buffer>> reply = vertx.eventBus().<Buffer>request(ADDRESS_PREFIX + cameraId, request,
                new DeliveryOptions().setSendTimeout(timeout.toMillis()));
        return reply.recover(e -> Future.failedFuture(problem(cameraId, e, timeout))).compose(m -> {
            LatestFrame.Jpeg jpeg = jpeg(m.body(), m.headers());
            if (edit == null) {
                return Future.succeededFuture(jpeg);
            }
            return vertx.executeBlocking(() -> edited(jpeg, maxWidth, edit, cameraId));
        });
    }

    private static LatestFrame.Jpeg jpeg(Buffer body, MultiMap headers) {
        return new LatestFrame.Jpeg(body.getBytes(), Integer.parseInt(headers.get("width")),
                Integer.parseInt(headers.get("height")), Instant.parse(headers.get("at")));
    }

    /** Decodes the worker's JPEG and runs it through the same edit, scaling and encoding as a local frame. */
    private static LatestFrame.Jpeg edited(LatestFrame.Jpeg original, int maxWidth, LatestFrame.Edit edit,
                                           String cameraId) throws java.io.IOException {
        MatOfByte bytes = new MatOfByte(original.bytes());
        Mat image = Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR);
        try (LatestFrame frame = new LatestFrame()) {
            if (image.empty()) {
                throw new ApiException(503, "Service Unavailable", "camera '" + cameraId + "': its worker sent a"
                        + " frame that is not a JPEG");
            }
            frame.update(image, original.at());
            return frame.jpeg(maxWidth, edit).orElseThrow(() -> CameraStatusSource.noFrameYet(cameraId));
        } finally {
            image.release();
            bytes.release();
        }
    }

    private static ApiException problem(String cameraId, Throwable e, Duration timeout) {
        if (e instanceof ReplyException reply) {
            if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == 404) {
                return ApiException.notFound(reply.getMessage());
            }
            if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
                return unavailable("camera '" + cameraId + "' runs on no live worker now (none has started it"
                        + " yet, or its worker left); try again shortly");
            }
            if (reply.failureType() == ReplyFailure.TIMEOUT) {
                return unavailable("camera '" + cameraId + "': its worker did not send a frame within "
                        + timeout.toSeconds() + " s; try again shortly");
            }
        }
        return unavailable("camera '" + cameraId + "': no frame from its worker (" + e.getMessage() + ")");
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail);
    }
}
