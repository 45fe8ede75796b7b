package io.runnel.broker.group.core;

import io.runnel.protocol.ErrorCode;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A group request the coordinator refuses, carrying the Kafka error code that goes back to the client and a message
 * that names the group, member, epoch or field at fault (APIs with an error message field send it to the client).
 * Thrown and caught on the coordinator thread to leave a request early; it has no stack trace because it is an
 * answer, not a fault.
 */
public final class GroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode error;

    public GroupException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error code to answer with. */
    public ErrorCode error() {
        return error;
    }

    /** The error code for any failure: the carried one, else UNKNOWN_SERVER_ERROR. */
    public static ErrorCode errorOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GroupException g ? g.error : ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    /**
     * The error a request whose state write failed is answered with: the carried one, else COORDINATOR_NOT_AVAILABLE,
     * which clients retry (the write may succeed on the next try).
     */
    public static ErrorCode ofFailedWrite(Throwable failure) {
        ErrorCode code = errorOf(failure);
        return code == ErrorCode.UNKNOWN_SERVER_ERROR ? ErrorCode.COORDINATOR_NOT_AVAILABLE : code;
    }
}
