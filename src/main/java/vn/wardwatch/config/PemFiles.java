package vn.wardwatch.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the API's TLS files when the configuration is loaded, so a wrong path or a swapped cert and key is a
 * config error naming the key and the file, not a failure deep inside the TLS library at startup. Messages never
 * quote file content.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final List<String> KEY_TYPES = List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");

    private PemFiles() {
    }

    /** At least one X.509 certificate (the server's first, then its chain). */
    static void checkCertificate(Path file, String path, List<ConfigError> errors) {
        String text = read(file, "certificate", path, errors);
        if (text == null) {
            return;
        }
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            String swapped = text.contains("PRIVATE KEY-----")
                    ? " (it holds a private key: are cert and key swapped?)" : "";
            errors.add(new ConfigError(path, "certificate file " + file + " has no PEM \"BEGIN CERTIFICATE\" block"
                    + swapped));
            return;
        }
        try {
            if (CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                    .isEmpty()) {
                errors.add(new ConfigError(path, "certificate file " + file + " holds no certificate"));
            }
        } catch (GeneralSecurityException e) {
            errors.add(new ConfigError(path, "certificate file " + file + " is not a valid PEM X.509 certificate ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    /** One unencrypted private key block whose body decodes (and, for PKCS#8, parses as an RSA or EC key). */
    static void checkPrivateKey(Path file, String path, List<ConfigError> errors) {
        String text = read(file, "private key", path, errors);
        if (text == null) {
            return;
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            errors.add(new ConfigError(path, "private key file " + file + " is encrypted; the server needs it "
                    + "unencrypted (openssl pkcs8 -in KEY -out KEY.plain), readable by the service user only"));
            return;
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (!KEY_TYPES.contains(m.group(1))) {
                continue;
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(path, "private key file " + file + ": the " + m.group(1)
                        + " block is not valid base64"));
                return;
            }
            if (m.group(1).equals("PRIVATE KEY") && !parsesAsPkcs8(der)) {
                errors.add(new ConfigError(path, "private key file " + file
                        + " holds a PKCS#8 block that is neither an RSA nor an EC key"));
            }
            return;
        }
        errors.add(new ConfigError(path, "private key file " + file + " has no PEM private key block (expected "
                + "\"BEGIN PRIVATE KEY\", \"BEGIN RSA PRIVATE KEY\" or \"BEGIN EC PRIVATE KEY\")"
                + (text.contains("BEGIN CERTIFICATE") ? "; it holds a certificate: are cert and key swapped?" : "")));
    }

    private static boolean parsesAsPkcs8(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return true;
            } catch (GeneralSecurityException e) {
                // Try the next algorithm.
            }
        }
        return false;
    }

    private static String read(Path file, String what, String path, List<ConfigError> errors) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            errors.add(new ConfigError(path, what + " file " + file + " does not exist"));
        } catch (IOException e) {
            errors.add(new ConfigError(path, "cannot read " + what + " file " + file + " ("
                    + e.getClass().getSimpleName() + ")"));
        }
        return null;
    }
}
