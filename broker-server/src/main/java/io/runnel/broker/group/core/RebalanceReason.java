package io.runnel.broker.group.core;

/**
 * Why a group rebalanced (a classic group entered PreparingRebalance, a consumer-protocol group bumped its epoch),
 * in a few kinds with stable names for metrics; the log line says the details (which member, which topic).
 */
public enum RebalanceReason {
    /** A member joined (a new member, or a classic member that joined again). */
    MEMBER_JOINED("member_joined"),
    /** A static member came back under a new member id with other protocols, or during an assignment. */
    STATIC_MEMBER_REJOINED("static_member_rejoined"),
    /** A member left on its own (LeaveGroup, or a heartbeat with epoch -1). */
    MEMBER_LEFT("member_left"),
    /** A member's session or rebalance timeout passed, or it did not sync in time. */
    MEMBER_EXPIRED("member_expired"),
    /** A member changed its subscription or assignor (consumer protocol). */
    SUBSCRIPTION_CHANGED("subscription_changed"),
    /** A subscribed topic was created, deleted or grew partitions (consumer protocol). */
    TOPICS_CHANGED("topics_changed"),
    /** The leader's assignment could not be stored, so the group starts over. */
    ASSIGNMENT_NOT_STORED("assignment_not_stored");

    private final String label;

    RebalanceReason(String label) {
        this.label = label;
    }

    /** The name in metrics, e.g. {@code member_joined}. */
    public String label() {
        return label;
    }
}
