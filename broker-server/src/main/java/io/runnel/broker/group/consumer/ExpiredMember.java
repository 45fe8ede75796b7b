package io.runnel.broker.group.consumer;

/** A member that a group removed because a timer ran out. */
public record ExpiredMember(String memberId, Reason reason) {

    /** Which timer ran out. */
    public enum Reason {
        /** No heartbeat within {@code group.consumer.session.timeout.ms}. */
        SESSION_TIMEOUT,
        /** Partitions not revoked within the member's rebalance timeout. */
        REBALANCE_TIMEOUT
    }
}
