package io.runnel.broker.topic;

/** Creating a topic whose name is taken: Kafka's TOPIC_ALREADY_EXISTS. */
public final class TopicAlreadyExistsException extends RuntimeException {
    public TopicAlreadyExistsException(String topic) {
        super("topic " + topic + " already exists");
    }
}
