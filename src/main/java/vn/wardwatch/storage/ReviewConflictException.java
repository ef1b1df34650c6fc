package vn.wardwatch.storage;

/** A review of a violation that has already been decided. */
public final class ReviewConflictException extends RuntimeException {

    private final String status;

    public ReviewConflictException(String violationId, String status) {
        super("violation " + violationId + " was already reviewed: it is " + status);
        this.status = status;
    }

    public String status() {
        return status;
    }
}
