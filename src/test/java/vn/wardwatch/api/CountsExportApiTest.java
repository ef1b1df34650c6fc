package vn.wardwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.wardwatch.analytics.counting.CountBucket;
import vn.wardwatch.auth.Role;
import vn.wardwatch.config.ApiConfig;
import vn.wardwatch.detect.ObjectClass;
import vn.wardwatch.storage.jdbc.JdbcCountRepository;

/** Counts for the console's charts and downloads (issue 9): weekly buckets and CSV, over the real server and H2. */
class CountsExportApiTest {

    @TempDir
    static Path dir;
    static TestApi api;
    static String officer;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi(dir, new ApiConfig("127.0.0.1", 0));
        officer = api.token(Role.OFFICER);
        // 2026-11-16 and 2026-11-23 are Mondays. In Hanoi (+07:00) the first row is still Monday 16th, the last
        // already Monday 23rd; in UTC both are the Sunday before.
        new JdbcCountRepository(api.database).add(List.of(
                new CountBucket("gate1", "main", ObjectClass.CAR, "in", Instant.parse("2026-11-15T18:00:00Z"), 2),
                new CountBucket("gate1", "main", ObjectClass.CAR, "in", Instant.parse("2026-11-16T17:00:00Z"), 3),
                new CountBucket("gate1", "a,b", ObjectClass.MOTORBIKE, "out", Instant.parse("2026-11-16T17:00:00Z"),
                        4),
                new CountBucket("gate1", "main", ObjectClass.CAR, "in", Instant.parse("2026-11-22T18:00:00Z"), 5)),
                ZoneOffset.ofHours(7));
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + officer);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void weeksStartOnMondayAtTheOffsetOfFrom() throws Exception {
        HttpResponse<String> hanoi = get("/api/v1/counts?camera=gate1&line=main&interval=1w"
                + "&from=2026-11-18T00:00:00%2B07:00&to=2026-11-30T00:00:00%2B07:00");
        assertEquals(200, hanoi.statusCode(), hanoi.body());
        JsonObject h = new JsonObject(hanoi.body());
        assertEquals("2026-11-15T17:00:00Z", h.getString("from"), "moved back to Monday 16th 00:00 +07:00");
        JsonArray weeks = h.getJsonArray("buckets");
        assertEquals(2, weeks.size(), weeks.encode());
        assertEquals("2026-11-15T17:00:00Z", weeks.getJsonObject(0).getString("start"));
        assertEquals(5, weeks.getJsonObject(0).getInteger("count"));
        assertEquals("2026-11-22T17:00:00Z", weeks.getJsonObject(1).getString("start"));
        assertEquals(5, weeks.getJsonObject(1).getInteger("count"));

        JsonObject utc = new JsonObject(get("/api/v1/counts?camera=gate1&line=main&interval=1w"
                + "&from=2026-11-18T00:00:00Z&to=2026-11-30T00:00:00Z").body());
        assertEquals("2026-11-16T00:00:00Z", utc.getString("from"));
        assertEquals(1, utc.getJsonArray("buckets").size(), utc.encode());
        assertEquals(8, utc.getJsonArray("buckets").getJsonObject(0).getInteger("count"));
    }

    @Test
    void csvHasOneRowPerBucketAndDownloadsAsAFile() throws Exception {
        String expected = "camera,line,class,direction,bucket_start,count\r\n"
                + "gate1,\"a,b\",motorbike,out,2026-11-16T17:00:00Z,4\r\n"
                + "gate1,main,car,in,2026-11-16T17:00:00Z,3\r\n";
        String query = "/api/v1/counts?camera=gate1&interval=1h&from=2026-11-16T17:00:00Z&to=2026-11-16T18:00:00Z";
        for (HttpResponse<String> r : List.of(get(query + "&format=csv"), get(query, "Accept", "text/csv"))) {
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
            assertEquals("attachment; filename=\"counts-20261116T1700Z-20261116T1800Z.csv\"",
                    r.headers().firstValue("Content-Disposition").orElse(null));
            assertEquals(expected, r.body());
        }
        HttpResponse<String> json = get(query + "&format=json", "Accept", "text/csv");
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(null), "format wins");
        assertEquals(400, get(query + "&format=xml").statusCode());
        HttpResponse<String> empty = get("/api/v1/counts?camera=gate9&format=csv&from=2026-11-16T17:00:00Z"
                + "&to=2026-11-16T18:00:00Z");
        assertEquals("camera,line,class,direction,bucket_start,count\r\n", empty.body());
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreDefused() {
        assertEquals("'=1+2", CountsCsv.cell("=1+2"));
        assertEquals("\"'-a,b\"", CountsCsv.cell("-a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CountsCsv.cell("say \"hi\""));
    }
}
