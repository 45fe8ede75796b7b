package io.runnel.broker.group.core;

/**
 * A group the coordinator owns, whichever protocol it speaks: a classic group (JoinGroup / SyncGroup,
 * {@code group.classic}) or a consumer-protocol group (KIP-848 ConsumerGroupHeartbeat, {@code group.consumer}). The
 * coordinator keeps one map of these by group id; a group id belongs to one protocol at a time ({@link
 * GroupRegistry} holds the rule). What each kind allows on committed offsets is decided in {@code group.offset}.
 *
 * <p>Not sealed: its two kinds live in their own packages, which a sealed interface allows only inside a named
 * module. Code that tells the kinds apart fails loudly on a kind it does not know.
 *
 * <p>Thread rule: every method runs on the coordinator thread.
 */
public interface Group {

    /** The protocol type of classic groups whose members are consumers, and the one consumer groups report. */
    String CONSUMER_PROTOCOL_TYPE = "consumer";

    String groupId();

    GroupType type();

    /** Kafka's name of the current state, as ListGroups and DescribeGroups report it (e.g. {@code Stable}). */
    String stateName();

    /** The protocol type ListGroups reports: {@code consumer} for consumer groups, "" for offset-only groups. */
    String protocolType();

    /** True when the group has no members: it may be deleted, and simple commits are accepted. */
    boolean isEmpty();

    /** True when a member is subscribed to the topic, so its offsets may not be deleted nor expire. */
    boolean isSubscribedTo(String topic);

    /**
     * Where a group that rebalances by itself (a consumer-protocol group bumping its epoch) counts its rebalances;
     * the registry hands it over when the group is registered. Classic rebalances are counted by their rebalancer.
     */
    default void countRebalancesIn(RebalanceCounts counts) {
    }
}
