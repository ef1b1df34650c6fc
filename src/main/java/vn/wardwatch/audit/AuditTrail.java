package vn.wardwatch.audit;

/**
 * Where security-relevant actions are written (issue 8): logins, evidence views, exports, reviews, configuration
 * changes and deletions. The implementation is append-only and hash-chained, so an altered or removed entry is
 * found by {@code verify-audit}.
 */
public interface AuditTrail {

    /**
     * Appends one entry. Never carries a secret or a password.
     *
     * @param actor  the user name, the machine token's name, or {@code system} for the server's own actions
     * @param action a dotted verb such as {@code login.ok}, {@code login.failed}, {@code evidence.view},
     *               {@code evidence.export}, {@code violation.review}, {@code config.changed}, {@code user.added},
     *               {@code data.deleted}, {@code hold.released}
     * @param target what was acted on, such as {@code violation:ID}, {@code user:NAME}, {@code camera:ID}
     * @param detail a short JSON object or free text with the rest (remote address, reason, hashes); may be empty
     */
    void record(String actor, String action, String target, String detail);
}
