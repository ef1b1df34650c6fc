package vn.wardwatch.evidence;

/**
 * One thing wrong with an evidence package.
 *
 * @param file   the file concerned (a package file, {@code manifest.json} or {@code manifest.sig})
 * @param detail what was expected and what was found
 */
public record VerificationProblem(Kind kind, String file, String detail) {

    public enum Kind {
        /** The manifest is missing or not a readable manifest; nothing else can be checked. */
        MANIFEST_UNREADABLE,
        /** The signature file is missing or cannot be read. */
        SIGNATURE_MISSING,
        /** The signature does not match the manifest (either changed, or another key), or manifest.sig is malformed. */
        BAD_SIGNATURE,
        /** A file the manifest lists is not there. */
        MISSING_FILE,
        /** A listed file's size or SHA-256 differs from the manifest, or manifest.json is not in canonical form. */
        CHANGED_FILE,
        /** A file in the package the manifest does not list. */
        EXTRA_FILE
    }

    @Override
    public String toString() {
        return kind + " " + file + ": " + detail;
    }
}
