package vn.wardwatch.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters the contract leaves to the server to check. */
final class QueryParams {

    private QueryParams() {
    }

    /**
     * An RFC 3339 date-time parameter; null when absent. (The contract's validator rejects offsets such as +07:00,
     * so the contract calls these plain strings.)
     */
    static Instant instant(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an RFC 3339 date-time such as "
                    + "2026-11-22T08:00:00+07:00, got '" + value + "'");
        }
    }
}
