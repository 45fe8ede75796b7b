package io.runnel.broker.group.consumer;

/** Where a member stands in reconciling towards its target assignment (KIP-848). */
public enum MemberState {
    /** The member owns its whole target assignment at the current target epoch. */
    STABLE,
    /** The member must give up partitions first; its epoch moves on once it reports them revoked. */
    UNREVOKED_PARTITIONS,
    /** The member is at the target epoch but waits for partitions that their previous owners have not released. */
    UNRELEASED_PARTITIONS
}
