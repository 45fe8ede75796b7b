package io.runnel.broker.topic;

/** An operation on a topic that does not exist: Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
public final class TopicNotFoundException extends RuntimeException {
    public TopicNotFoundException(String topic) {
        super("topic " + topic + " does not exist");
    }
}
