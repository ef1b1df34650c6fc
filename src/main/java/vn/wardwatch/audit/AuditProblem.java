package vn.wardwatch.audit;

/**
 * One thing wrong with the audit log.
 *
 * @param seq the entry it concerns (for a removed range, the first missing seq); null when it concerns the anchor file
 */
public record AuditProblem(Long seq, String message) {

    @Override
    public String toString() {
        return (seq == null ? "" : "seq " + seq + ": ") + message;
    }
}
