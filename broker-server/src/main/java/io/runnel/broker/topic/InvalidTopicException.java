package io.runnel.broker.topic;

/** A topic name that breaks Kafka's rules: Kafka's INVALID_TOPIC_EXCEPTION. */
public final class InvalidTopicException extends IllegalArgumentException {
    public InvalidTopicException(String message) {
        super(message);
    }
}
