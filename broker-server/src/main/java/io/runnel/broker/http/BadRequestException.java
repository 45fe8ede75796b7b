package io.runnel.broker.http;

/** A request the API refuses as the client's fault (400), with a message for the client. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
