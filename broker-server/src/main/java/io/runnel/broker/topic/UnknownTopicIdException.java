package io.runnel.broker.topic;

import java.util.UUID;

/** An operation on a topic id no topic has: Kafka's UNKNOWN_TOPIC_ID. */
public final class UnknownTopicIdException extends RuntimeException {
    public UnknownTopicIdException(UUID id) {
        super("no topic has the id " + id);
    }
}
