package io.runnel.broker.txn;

import io.runnel.protocol.ErrorCode;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A transaction request the coordinator refuses, with the Kafka error code for the client and a message naming the
 * transactional id, producer or partition at fault. It is an answer, not a fault: no stack trace.
 */
public final class TransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode error;

    public TransactionException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error code to answer with. */
    public ErrorCode error() {
        return error;
    }

    /**
     * The error code for any failure of a coordinator future: the carried one; COORDINATOR_NOT_AVAILABLE for a
     * failed state write (clients retry it); else UNKNOWN_SERVER_ERROR.
     */
    public static ErrorCode errorOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TransactionException t ? t.error : ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
