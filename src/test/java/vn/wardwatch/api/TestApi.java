package vn.wardwatch.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.storage.PlateCropStore;
import vn.wardwatch.storage.jdbc.Database;
import vn.wardwatch.storage.jdbc.JdbcCameraStateRepository;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;
import vn.wardwatch.storage.jdbc.JdbcPlateRepository;
import vn.wardwatch.testsupport.TestUsers;

/**
 * The real API on a free port over a real, empty H2 file, with no cameras; for tests of the server itself. It has
 * real users (issue 8): {@link #token(Role)} gives a bearer token, and a request without one gets 401.
 */
final class TestApi implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Database database;
    final ApiServer server;
    final TestUsers users;

    TestApi(Path dir, ApiConfig config) throws Exception {
        database = Database.open(dir.resolve("db/ww"));
        ApiDependencies deps = new ApiDependencies(List::of, new JdbcCountRepository(database),
                new JdbcCameraStateRepository(database), new JdbcPlateRepository(database), new PlateCropStore(dir),
                database::isHealthy, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC());
        users = new TestUsers(database);
        server = ApiServer.start(vertx, config, deps.withSecurity(users.security())).await(20, TimeUnit.SECONDS);
    }

    int port() {
        return server.port();
    }

    /** A session token of a user with this role who sees every camera. */
    String token(Role role) {
        return users.token(role);
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        database.close();
    }
}
