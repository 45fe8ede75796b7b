package io.runnel.client;

import io.runnel.protocol.ErrorCode;

/**
 * An offset commit cannot succeed because this member no longer owns the partitions it committed: the group
 * rebalanced (the broker answered {@code ILLEGAL_GENERATION}, {@code UNKNOWN_MEMBER_ID},
 * {@code STALE_MEMBER_EPOCH}, {@code FENCED_MEMBER_EPOCH}, ...). The records processed since the last successful
 * commit will be delivered again to the partitions' new owners. Not retriable.
 */
public class CommitFailedException extends ApiErrorException {
    private static final long serialVersionUID = 1L;

    /**
     * @param errorCode the code the broker answered the commit with
     * @param message   names the group and the member
     */
    public CommitFailedException(ErrorCode errorCode, String message) {
        super(errorCode, message);
    }

    /** Never: committing the same offsets again fails again. */
    @Override
    public boolean isRetriable() {
        return false;
    }
}
