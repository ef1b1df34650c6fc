package vn.wardwatch.audit;

import java.util.List;

/**
 * What {@link AuditVerifier} found.
 *
 * @param count    entries in the log
 * @param headSeq  the last entry's seq (0 when empty)
 * @param headHash the last entry's hash ({@link AuditEntry#GENESIS} when empty)
 */
public record AuditVerification(long count, long headSeq, String headHash, List<AuditProblem> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
