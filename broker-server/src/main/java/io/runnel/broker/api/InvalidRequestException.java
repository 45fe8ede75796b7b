package io.runnel.broker.api;

/** A request whose fields contradict each other or repeat themselves: Kafka's INVALID_REQUEST. */
final class InvalidRequestException extends IllegalArgumentException {
    InvalidRequestException(String message) {
        super(message);
    }
}
