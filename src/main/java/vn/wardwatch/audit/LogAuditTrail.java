package vn.wardwatch.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes audit entries to the log only; a stand-in until the hash-chained audit log is wired in. */
public final class LogAuditTrail implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger("wardwatch.audit");

    @Override
    public void record(String actor, String action, String target, String detail) {
        LOG.info("audit actor={} action={} target={} detail={}", actor, action, target, detail);
    }
}
