package io.runnel.broker.http;

/** A request that the current state forbids (409): a topic that exists, a group that is not empty. */
final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
        super(message, null, false, false);
    }
}
