package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.config.TlsConfig;
import vn.wardwatch.testsupport.SelfSignedCert;

/** The API over HTTPS with a self-signed PEM certificate and key, as an operator would configure it. */
class ApiTlsTest {

    @TempDir
    static Path dir;
    static SelfSignedCert cert;
    static TestApi api;
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedCert.create(dir);
        api = new TestApi(dir, new ApiConfig("127.0.0.1", 0, new TlsConfig(cert.cert(), cert.key(), "TLSv1.2")));
        https = HttpClient.newBuilder().sslContext(cert.trustingContext()).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void healthAnswersOverHttpsWithHsts() throws Exception {
        HttpResponse<String> r = https.send(request("https://127.0.0.1:" + api.port() + "/health"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(SecurityHeaders.HSTS, r.headers().firstValue("Strict-Transport-Security").orElse(null));
        // The hostname in the certificate (localhost) is checked too.
        assertEquals(200, https.send(request("https://localhost:" + api.port() + "/health"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void protectedRoutesAnswerOverHttpsWithATokenAndRefuseWithoutOne() throws Exception {
        String url = "https://127.0.0.1:" + api.port() + "/api/v1/cameras";
        HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + api.token(Role.ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(SecurityHeaders.HSTS, ok.headers().firstValue("Strict-Transport-Security").orElse(null));

        HttpResponse<String> refused = https.send(request(url), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(SecurityHeaders.HSTS, refused.headers().firstValue("Strict-Transport-Security").orElse(null));
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(request("http://127.0.0.1:" + api.port() + "/health"),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void clientsLimitedToOldTlsAreRefused() throws Exception {
        SSLParameters tls11 = new SSLParameters();
        tls11.setProtocols(new String[] {"TLSv1.1"});
        HttpClient old = HttpClient.newBuilder().sslContext(cert.trustingContext()).sslParameters(tls11)
                .connectTimeout(Duration.ofSeconds(5)).build();
        IOException e = assertThrows(IOException.class, () -> old.send(
                request("https://127.0.0.1:" + api.port() + "/health"), HttpResponse.BodyHandlers.ofString()));
        assertTrue(e.getMessage() != null, "the handshake fails: " + e);
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }
}
