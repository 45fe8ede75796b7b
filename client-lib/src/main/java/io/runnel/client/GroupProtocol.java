package io.runnel.client;

/** How a {@link RunnelConsumer} takes part in its consumer group (Kafka's {@code group.protocol}). */
public enum GroupProtocol {
    /**
     * KIP-848's {@code ConsumerGroupHeartbeat}: the broker computes the assignment and moves partitions between
     * members one at a time (no stop-the-world rebalance). The default; needs Runnel or Apache Kafka 4.0+.
     */
    CONSUMER,
    /**
     * The classic JoinGroup/SyncGroup protocol with the client-side {@code range} assignor and eager rebalancing
     * (every member gives up all its partitions before the group is re-formed): for Kafka 3.x clusters.
     */
    CLASSIC
}
