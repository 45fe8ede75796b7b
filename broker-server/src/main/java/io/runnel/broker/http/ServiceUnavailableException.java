package io.runnel.broker.http;

/** The broker cannot answer now (503): it is stopping, or a component it needs did not answer in time. */
final class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceUnavailableException(String message) {
        super(message, null, false, false);
    }
}
