package io.runnel.broker.http;

/** A request for a thing that does not exist (404): a topic, a partition, a group, a path. */
final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message, null, false, false);
    }
}
