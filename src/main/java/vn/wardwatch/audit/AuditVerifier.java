package vn.wardwatch.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the audit chain and reports every problem with the seq it concerns:
 * <ul>
 *   <li>an altered entry: its stored hash does not match its fields;</li>
 *   <li>a removed entry: a gap in seq, or a prev_hash that is not the previous entry's hash;</li>
 *   <li>a cut-off tail, which the chain alone cannot show: the anchor file names a seq beyond the last entry, or its
 *       hash differs from the entry at that seq.</li>
 * </ul>
 * The anchor is read before the table, so entries appended while verifying only make the anchor look older than the
 * chain, which is not a problem.
 */
public final class AuditVerifier {

    private final JdbcAuditLog log;

    public AuditVerifier(JdbcAuditLog log) {
        this.log = log;
    }

    public AuditVerification verify() {
        List<AuditProblem> problems = new ArrayList<>();
        Optional<AuditAnchor.Head> anchored = Optional.empty();
        try {
            anchored = log.anchor().read();
        } catch (IOException e) {
            problems.add(new AuditProblem(null, e.getMessage()));
        }
        Walk walk = new Walk(anchored.orElse(null), problems);
        log.forEach(walk::next);
        walk.finish(log.anchor());
        return new AuditVerification(walk.count, walk.lastSeq, walk.lastHash, List.copyOf(problems));
    }

    /** The state of one walk along the chain. */
    private static final class Walk {
        private final AuditAnchor.Head anchor;
        private final List<AuditProblem> problems;
        long count;
        long lastSeq;
        String lastHash = AuditEntry.GENESIS;
        boolean anchorSeen;

        Walk(AuditAnchor.Head anchor, List<AuditProblem> problems) {
            this.anchor = anchor;
            this.problems = problems;
        }

        void next(AuditEntry e) {
            count++;
            if (!e.intact()) {
                problems.add(new AuditProblem(e.seq(), "altered: stored hash " + e.entryHash()
                        + " does not match the entry's fields (" + e.action() + " " + e.target() + ")"));
            }
            long expected = lastSeq + 1;
            if (e.seq() > expected) {
                problems.add(new AuditProblem(expected, "removed: "
                        + (e.seq() - expected == 1 ? "entry " + expected : "entries " + expected + ".." + (e.seq() - 1))
                        + " missing before seq " + e.seq()));
            } else if (!e.prevHash().equals(lastHash)) {
                problems.add(new AuditProblem(e.seq(), "prev_hash " + e.prevHash() + " is not the hash of seq "
                        + lastSeq + " (" + lastHash + "): an entry before it was removed or replaced"));
            }
            if (anchor != null && e.seq() == anchor.seq()) {
                anchorSeen = true;
                if (!e.entryHash().equals(anchor.hash())) {
                    problems.add(new AuditProblem(e.seq(), "hash " + e.entryHash() + " differs from the anchor's "
                            + anchor.hash() + ": the log was rewritten from here"));
                }
            }
            lastSeq = e.seq();
            lastHash = e.entryHash();
        }

        void finish(AuditAnchor anchorFile) {
            if (anchor == null) {
                if (count > 0) {
                    problems.add(new AuditProblem(null, "anchor file " + anchorFile.file().toAbsolutePath()
                            + " is missing: a cut-off tail cannot be ruled out (restore it from its off-box copy)"));
                }
                return;
            }
            if (anchor.seq() > lastSeq) {
                problems.add(new AuditProblem(lastSeq + 1, "truncated: the anchor " + anchorFile.file()
                        .toAbsolutePath() + " records seq " + anchor.seq() + " (" + anchor.hash()
                        + ") but the log ends at seq " + lastSeq + "; entries " + (lastSeq + 1) + ".." + anchor.seq()
                        + " were removed"));
            } else if (!anchorSeen && anchor.seq() > 0) {
                problems.add(new AuditProblem(anchor.seq(), "the anchored entry is missing from the log"));
            }
        }
    }
}
