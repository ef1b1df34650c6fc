package vn.wardwatch.evidence;

import java.nio.file.Path;
import java.util.List;

/** The outcome of verifying one package: every problem found, none when the package is intact and signed. */
public record VerificationResult(Path packageDir, List<VerificationProblem> problems) {

    public VerificationResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Whether a problem of {@code kind} concerns {@code file}. */
    public boolean has(VerificationProblem.Kind kind, String file) {
        return problems.stream().anyMatch(p -> p.kind() == kind && p.file().equals(file));
    }
}
