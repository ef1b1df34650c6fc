package vn.wardwatch.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.wardwatch.config.SourceConfig;

/** Removes camera credentials from text that may be printed: ffmpeg's stderr, exception messages. */
public final class Redactor {

    // scheme://user:password@ -> scheme://user:***@ for any URL, not just the configured one.
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]*):([^/@\\s]*)@");

    private Redactor() {
    }

    public static String redact(String text, SourceConfig source) {
        if (text == null) {
            return null;
        }
        String out = text.replace(source.url(), source.redactedUrl());
        String password = passwordOf(source.url());
        if (password != null && !password.isEmpty()) {
            // ffmpeg may print the password on its own, e.g. percent-decoded or in an auth error.
            out = out.replace(password, "***");
        }
        return USERINFO.matcher(out).replaceAll("$1:***@");
    }

    private static String passwordOf(String url) {
        Matcher m = USERINFO.matcher(url);
        return m.find() ? m.group(2) : null;
    }
}
