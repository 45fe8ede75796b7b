package io.runnel.broker.fetch;

/**
 * Which topics the fetching connection may read (READ on the topic, as Kafka's authorizer decides). Called on the
 * network thread for each requested topic; must not block nor allocate.
 */
@FunctionalInterface
public interface TopicReadAccess {
    /** Every topic: a broker without an authorizer. */
    TopicReadAccess ALL = topic -> true;

    boolean mayRead(String topic);
}
