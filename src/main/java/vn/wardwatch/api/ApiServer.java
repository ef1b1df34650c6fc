package vn.wardwatch.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.TlsConfig;
import vn.wardwatch.push.EventStream;

/**
 * The HTTP API. Routes come from the OpenAPI contract, which also validates every request; handlers never block
 * the event loop (database work goes to worker threads).
 */
public final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String CONTRACT = "openapi/wardwatch.yaml";
    /** Request bodies are small JSON documents (a review, a signal state); 1 MiB is far above any of them. */
    public static final long BODY_LIMIT_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final EventStream events;

    private ApiServer(HttpServer server, EventStream events) {
        this.server = server;
        this.events = events;
    }

    /** Builds the router from the contract and listens; the future fails with the reason (e.g. port in use). */
    public static Future<ApiServer> start(Vertx vertx, ApiConfig config, ApiDependencies deps) {
        Buffer contractText = Buffer.buffer(readResource(CONTRACT));
        // Server-Sent Events (issue 6): subscribed to the event bus from now on, so its replay buffer fills.
        EventStream events = new EventStream(vertx, EventStream.Settings.DEFAULT, deps.metrics());
        return OpenAPIContract.from(vertx, routingContract(contractText)).compose(contract -> {
            Router router = buildRouter(vertx, contract, contractText, deps, events);
            HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                    .setCompressionSupported(true);
            if (config.tls() != null) {
                tls(options, config.tls());
            }
            return vertx.createHttpServer(options).requestHandler(router).listen()
                    .recover(e -> Future.failedFuture(new IOException("cannot listen on [" + config.host() + "]:"
                            + config.port() + ": " + e.getMessage(), e)));
        }).map(server -> {
            LOG.info("API listening on {}://[{}]:{}", config.tls() == null ? "http" : "https", config.host(),
                    server.actualPort());
            return new ApiServer(server, events);
        }).onFailure(e -> events.close());
    }

    private static Router buildRouter(Vertx vertx, OpenAPIContract contract, Buffer contractText,
                                      ApiDependencies deps, EventStream events) {
        // Bodies are read by a BodyHandler with a limit (the router alone would buffer any size) and validated from it.
        RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        // Root handlers, in the order Vert.x requires by their kind: headers first, so every response has them even
        // when a later handler fails; form bodies refused unread; the body, 413 past the limit; then input checks.
        builder.rootHandler(new SecurityHeaders());
        builder.rootHandler(new FormBodyRefusal());
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        builder.rootHandler(new PercentEncodingCheck());
        // Issue 8: the caller's token is checked before the contract's validation (a caller without one learns
        // nothing), then every route's first handler checks the caller's role against RoutePolicy (fail closed).
        ApiDependencies.Security security = deps.security() == null ? ApiDependencies.Security.NONE
                : deps.security();
        builder.rootHandler(new TokenCheck(vertx, security.auth()));
        for (var route : builder.getRoutes()) {
            route.addHandler(new AuthGuard(route.getOperation().getOperationId()));
        }
        AuthHandler auth = new AuthHandler(vertx, security.auth(), security.audit());
        builder.getRoute("login").addHandler(auth::login);
        builder.getRoute("logout").addHandler(auth::logout);
        builder.getRoute("getMe").addHandler(auth::me);
        CamerasHandler cameras = new CamerasHandler(vertx, deps.cameras(), deps.cameraStates(), security.scope());
        CountsHandler counts = new CountsHandler(vertx, deps.counts(), deps.clock(), security.scope());
        LiveHandler live = new LiveHandler(deps.cameras(), deps.clock(), security.scope());
        HealthHandler health = new HealthHandler(vertx, deps.databaseHealthy(), deps.detectorLoaded(),
                deps.cameras()).withDiskGuard(deps.governance() == null ? null : deps.governance().diskLow());
        PlatesHandler plates = new PlatesHandler(vertx, deps.plates(), deps.plateCrops(), security.scope());
        ViolationsHandler violations = new ViolationsHandler(vertx, deps.violations(), deps.clock(), security);
        SignalsHandler signals = new SignalsHandler(vertx, deps.violations(), deps.clock(), security);

        builder.getRoute("getHealth").addHandler(health::ready);
        builder.getRoute("getLiveness").addHandler(health::live);
        builder.getRoute("getReadiness").addHandler(health::ready);
        builder.getRoute("getMetrics").addHandler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(deps.metrics().scrape()));
        builder.getRoute("listCameras").addHandler(cameras::list);
        builder.getRoute("getCamera").addHandler(cameras::one);
        builder.getRoute("getCameraFrame").addHandler(new FrameHandler(vertx, deps.cameras(), security.scope(),
                security.masker())::handle);
        builder.getRoute("getCameraGeometry").addHandler(new GeometryHandler(deps.cameras(), security.scope())::handle);
        builder.getRoute("getCounts").addHandler(counts::handle);
        builder.getRoute("getLive").addHandler(live::handle);
        builder.getRoute("searchPlates").addHandler(plates::search);
        builder.getRoute("getPlateCrop").addHandler(plates::crop);
        builder.getRoute("listViolations").addHandler(violations::list);
        builder.getRoute("getViolation").addHandler(violations::one);
        builder.getRoute("getViolationFile").addHandler(violations::file);
        builder.getRoute("exportViolation").addHandler(violations::export);
        builder.getRoute("verifyViolation").addHandler(violations::verify);
        builder.getRoute("reviewViolation").addHandler(violations::review);
        builder.getRoute("getEvidencePublicKey").addHandler(violations::publicKey);
        builder.getRoute("listSignals").addHandler(signals::list);
        builder.getRoute("putSignal").addHandler(signals::put);
        // Issue 6: warnings and the operations centre's counts.
        WarningsHandler warnings = new WarningsHandler(vertx, deps.traffic(), security);
        IocHandler ioc = new IocHandler(vertx, deps.traffic() == null ? List::of : deps.traffic().ioc(), deps.clock(),
                security.scope());
        builder.getRoute("listWarnings").addHandler(warnings::list);
        builder.getRoute("getWarningSnapshot").addHandler(warnings::snapshot);
        builder.getRoute("listZoneMinutes")
                .addHandler(new ZoneMinutesHandler(vertx, deps.traffic(), security.scope())::list);
        builder.getRoute("getIoc").addHandler(ioc::handle);
        builder.getRoute("streamEvents").addHandler(ctx -> {
            var user = Access.user(ctx);
            events.handle(ctx, camera -> security.scope().sees(user, camera), user.role().seesPlates());
        });
        // Issue 7: recordings and clips cut from them.
        RecordingsHandler recordings = new RecordingsHandler(vertx, deps.recordings(), security);
        builder.getRoute("listRecordings").addHandler(recordings::list);
        builder.getRoute("getRecordingClip").addHandler(recordings::clip);

        // Issue 8: the audit log and retention holds (both admin only).
        builder.getRoute("listAudit").addHandler(new AuditHandler(vertx, deps.governance())::list);
        builder.getRoute("releaseViolationHold").addHandler(new HoldsHandler(vertx, deps.governance())::release);
        Router router = builder.createRouter();
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(contractText));
        ConsoleFiles.mount(router);
        ProblemHandler problems = new ProblemHandler();
        router.route().failureHandler(problems);
        // Errors raised outside any route (404 from the router itself, 405) are problems too.
        router.errorHandler(404, problems);
        router.errorHandler(405, problems);
        router.errorHandler(500, problems);
        return router;
    }

    /** HTTPS only on this port: plain HTTP gets no answer (Vert.x closes a connection whose handshake fails). */
    private static void tls(HttpServerOptions options, TlsConfig tls) {
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString())
                        .setKeyPath(tls.key().toString()))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.enabledVersions()));
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        events.close();
        return server.close();
    }

    /**
     * The contract as the router reads it. Vert.x OpenAPI 5.0 refuses response media types it cannot validate,
     * {@code application/problem+json} and {@code image/jpeg} among them; it only validates requests, so the routing
     * copy calls problem responses plain JSON, images, videos and zips octet streams, PEM, event streams and CSV plain text. {@code /openapi.yaml} serves the contract
     * unchanged.
     */
    @SuppressWarnings("unchecked")
    static JsonObject routingContract(Buffer contractText) {
        Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(contractText.toString());
        // Security is enforced by AuthGuard and RoutePolicy, not by the router (which would want its own handlers).
        tree.remove("security");
        Object paths = tree.get("paths");
        if (paths instanceof Map<?, ?> p) {
            p.values().forEach(item -> {
                if (item instanceof Map<?, ?> methods) {
                    methods.values().forEach(op -> {
                        if (op instanceof Map<?, ?> operation) {
                            operation.remove("security");
                        }
                    });
                }
            });
        }
        String json = new JsonObject(tree).encode()
                .replace("\"application/problem+json\"", "\"application/json\"")
                .replace("\"image/jpeg\"", "\"application/octet-stream\"")
                .replace("\"video/mp4\"", "\"application/octet-stream\"")
                .replace("\"application/zip\"", "\"application/octet-stream\"")
                .replace("\"application/x-pem-file\"", "\"text/plain\"")
                .replace("\"text/event-stream\"", "\"text/plain\"")
                .replace("\"text/csv\"", "\"text/plain\"");
        return new JsonObject(json);
    }

    private static byte[] readResource(String name) {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
