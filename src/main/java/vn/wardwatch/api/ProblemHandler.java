package vn.wardwatch.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.storage.StorageException;

/** The one failure handler: every error leaves as RFC 9457 problem+json. */
public final class ProblemHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    static final String TYPE_BASE = "https://wardwatch.vn/problems/";

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof java.net.SocketException) {
            // The client went away (closed or reset the connection): nobody to answer, and no server fault to log.
            LOG.debug("request {} {}: client gone ({})", ctx.request().method(), ctx.request().path(), failure);
            return;
        }
        if (failure instanceof HttpException http && http.getCause() != null) {
            // Vert.x wraps validation errors in an HttpException; the cause says what was wrong.
            failure = http.getCause();
        }
        int status;
        String title;
        String detail;
        if (failure instanceof ApiException api) {
            status = api.status();
            title = api.title();
            detail = api.getMessage();
        } else if (failure instanceof StorageException storage) {
            // The database cannot be read now (disk full, I/O error): the service is unavailable, not broken, and
            // a client may retry; the details (paths) stay in the log.
            status = 503;
            title = "Service Unavailable";
            detail = "the database cannot answer now; retry later";
            LOG.warn("request {} {}: {}", ctx.request().method(), ctx.request().path(), storage.getMessage());
        } else if (failure instanceof ValidatorException invalid) {
            status = 400;
            title = "Bad Request";
            detail = invalid.getMessage();
        } else if (failure != null) {
            status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            title = status == 500 ? "Internal Server Error" : reason(status);
            detail = status == 500 ? "the server failed to answer; the error is in its log" : failure.getMessage();
            if (status == 500) {
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            }
        } else {
            status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            title = reason(status);
            detail = defaultDetail(ctx, status);
        }
        send(ctx, status, title, detail);
    }

    static void send(RoutingContext ctx, int status, String title, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            ctx.request().connection().close();
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", TYPE_BASE + slug(title))
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(problem.encode());
    }

    private static String defaultDetail(RoutingContext ctx, int status) {
        return switch (status) {
            case 404 -> "no resource at " + ctx.request().path();
            case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            default -> reason(status);
        };
    }

    private static String reason(int status) {
        return io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
