package vn.wardwatch.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import vn.wardwatch.storage.CountRow;

/** Count buckets as CSV for spreadsheets (issue 9): one row per bucket, RFC 4180, UTF-8, CRLF line ends. */
final class CountsCsv {

    static final String HEADER = "camera,line,class,direction,bucket_start,count";
    /** File names carry no colons (not allowed in Windows file names): 20261122T0100Z. */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private CountsCsv() {
    }

    static String of(List<CountRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (CountRow r : rows) {
            out.append(cell(r.cameraId())).append(',').append(cell(r.lineId())).append(',')
                    .append(cell(r.objectClass().wireName())).append(',').append(cell(r.direction())).append(',')
                    .append(r.bucketStart()).append(',').append(r.count()).append("\r\n");
        }
        return out.toString();
    }

    static String fileName(Instant from, Instant to) {
        return "counts-" + FILE_TIME.format(from) + "-" + FILE_TIME.format(to) + ".csv";
    }

    /**
     * Quoted when it holds a comma, quote or line break; a leading {@code = + - @} is defused with an apostrophe,
     * so that a spreadsheet does not run an id as a formula.
     */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
