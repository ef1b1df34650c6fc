package vn.wardwatch.storage;

import java.util.List;
import java.util.Optional;

/** Stored violations and their reviews. */
public interface ViolationRepository {

    /** @throws StorageException when it cannot be stored (e.g. the id exists) */
    void add(StoredViolation violation);

    Optional<StoredViolation> find(String id);

    /** One page, newest first; at most {@code limit} rows. */
    List<StoredViolation> list(ViolationQuery query);

    /**
     * Records a review and moves the violation from {@code new} to the review's decision, in one transaction.
     *
     * @return the violation after the review, or empty when there is no such violation
     * @throws ReviewConflictException when the violation was already reviewed
     */
    Optional<StoredViolation> review(ViolationReview review);

    List<ViolationReview> reviews(String violationId);
}
