package vn.wardwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.wardwatch.config.OneCameraYaml.errors;
import static vn.wardwatch.config.OneCameraYaml.parse;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retention days and the disk guard's thresholds (issue 8): defaults, values, and mistakes named by path. */
class RetentionConfigTest {

    @Test
    void defaultsAre75DaysForEnforcementDataAndPlates30ForWarnings365ForCounts() {
        AppConfig app = parse("");
        assertEquals(new RetentionConfig(75, 75, 30, 365), app.retention());
        assertEquals(2.0, app.storage().minFreeGb());
        assertEquals(0.5, app.storage().evidenceReserveGb());
        assertEquals(2_000_000_000L, app.storage().minFreeBytes());
    }

    @Test
    void valuesAreRead() {
        AppConfig app = parse("retention: {violations_days: 90, plates_days: 14, warnings_days: 7, counts_days: 730}\n"
                + "storage: {min_free_gb: 10, evidence_reserve_gb: 1.5}\n");
        assertEquals(new RetentionConfig(90, 14, 7, 730), app.retention());
        assertEquals(10.0, app.storage().minFreeGb());
        assertEquals(1_500_000_000L, app.storage().evidenceReserveBytes());
    }

    @Test
    void mistakesAreNamedByPath() {
        assertEquals(Set.of("retention.violations_days: must be in 1..36500, got 0",
                        "retention.audit_days: the audit log is kept forever and never deleted by retention; remove"
                                + " this key",
                        "retention.days: unknown key (expected one of: violations_days, plates_days, warnings_days,"
                                + " counts_days, audit_days)"),
                errors("retention: {violations_days: 0, audit_days: 10, days: 3}\n"));
        assertEquals(Set.of("storage.evidence_reserve_gb: must be below min_free_gb (1): media stops before evidence"
                + " does"), errors("storage: {min_free_gb: 1, evidence_reserve_gb: 1}\n"));
        assertEquals(Set.of("storage.min_free_gb: must be in (0, 1000000], got 0"),
                errors("storage: {min_free_gb: 0}\n"));
    }
}
