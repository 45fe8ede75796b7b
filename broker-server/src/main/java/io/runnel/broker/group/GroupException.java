package io.runnel.broker.group;

import io.runnel.protocol.ErrorCode;

/**
 * A request the coordinator refuses, carrying the Kafka error code that goes back to the client. Thrown and
 * caught inside the coordinator thread to leave a request early; it has no stack trace because it is an answer,
 * not a fault.
 */
public final class GroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorCode error;

    public GroupException(ErrorCode error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** The error code to answer with. */
    public ErrorCode error() {
        return error;
    }

    /** The error code for any failure: the carried one, else UNKNOWN_SERVER_ERROR. */
    public static ErrorCode errorOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof GroupException g ? g.error : ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
