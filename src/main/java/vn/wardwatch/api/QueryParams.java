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
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an RFC 3339 date-time such as "
                    + "2026-11-22T08:00:00+07:00, got '" + value + "'");
        }
        // Java parses years up to +-999999999; arithmetic on such ends overflows later (a 500, found by ApiFuzzTest).
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.badRequest("query parameter '" + name + "' must be between " + EARLIEST + " and "
                    + LATEST + ", got '" + value + "'");
        }
        return instant;
    }

    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A time range from the optional {@code from} and {@code to} parameters; either end may be null. */
    record Range(Instant from, Instant to) {
    }

    /** {@code from} and {@code to}; when both are given, {@code from} must be before {@code to}. */
    static Range range(RoutingContext ctx) {
        Instant from = instant(ctx, "from");
        Instant to = instant(ctx, "to");
        if (from != null && to != null) {
            requireOrder(from, to);
        }
        return new Range(from, to);
    }

    static void requireOrder(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("query parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    /** The {@code limit} parameter, whose range the contract checks, or {@code defaultLimit}. */
    static int limit(RoutingContext ctx, int defaultLimit) {
        return wholeNumber(ctx, "limit", defaultLimit);
    }

    /** A whole-number parameter, whose range the contract checks, or {@code defaultValue}. */
    static int wholeNumber(RoutingContext ctx, String name, int defaultValue) {
        String text = ctx.queryParams().get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            // The contract's integer check accepts any JSON number with no fraction: 5E1 and 50.0 mean 50.
            return new java.math.BigDecimal(text.strip()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // Was a 500 (Integer.parseInt("5E1"), found by ApiFuzzTest).
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number, got '" + text + "'");
        }
    }
}
