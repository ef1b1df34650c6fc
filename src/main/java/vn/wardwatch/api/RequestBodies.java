package vn.wardwatch.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

/** The JSON body of a request, as the contract validated it (read by the BodyHandler, within its limit). */
final class RequestBodies {

    private RequestBodies() {
    }

    static JsonObject json(RoutingContext ctx) {
        ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        if (request == null || request.getBody() == null || request.getBody().isNull()) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        return request.getBody().getJsonObject();
    }
}
