package vn.wardwatch.storage;

import java.util.List;
import java.util.Optional;

/** Warnings, one row each, kept up to date as they are raised, updated and cleared. */
public interface WarningRepository {

    /** Inserts the warning when it is new, else replaces its state, level, metrics and clearing time. */
    void save(StoredWarning warning);

    Optional<StoredWarning> find(String id);

    List<StoredWarning> list(WarningQuery query);
}
