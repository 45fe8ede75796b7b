package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.core.GroupException;
import io.runnel.protocol.ErrorCode;

import java.util.List;

/**
 * A consumer as a real KIP-848 client behaves: joins with a full heartbeat, then sends its epoch and, when they
 * changed, the partitions it owns; on a new assignment it first revokes what is no longer in it (at once, or later
 * when {@link #delayRevocation} is set, as a slow rebalance listener does) and then takes the new partitions; on
 * FENCED_MEMBER_EPOCH or UNKNOWN_MEMBER_ID it drops everything and rejoins; after a lost response it sends a full
 * heartbeat.
 */
final class SimulatedConsumer {

    final String memberId;
    final String instanceId;
    List<String> topics;
    String regex;
    String assignor;
    int epoch;
    boolean joined;
    Assignment owned = Assignment.EMPTY;
    Assignment received;
    boolean delayRevocation;
    boolean sendFull = true;
    long nextHeartbeatMs;
    /** When the client received an assignment it has not finished revoking towards, or -1. */
    long revocationSinceMs = -1;
    ErrorCode lastError = ErrorCode.NONE;
    private Assignment lastSentOwned;

    SimulatedConsumer(String memberId, String instanceId, List<String> topics, String regex, String assignor) {
        this.memberId = memberId;
        this.instanceId = instanceId;
        this.topics = topics;
        this.regex = regex;
        this.assignor = assignor;
    }

    static SimulatedConsumer subscribing(String memberId, String... topics) {
        return new SimulatedConsumer(memberId, null, List.of(topics), null, null);
    }

    /** The next heartbeat this client would send. */
    MemberHeartbeat nextHeartbeat() {
        boolean full = !joined || sendFull;
        Assignment ownedToSend = full || !owned.equals(lastSentOwned) ? owned : null;
        lastSentOwned = ownedToSend != null ? ownedToSend : lastSentOwned;
        if (!joined) {
            return new MemberHeartbeat(Heartbeats.V1, Heartbeats.GROUP, memberId, 0, instanceId, null,
                    Heartbeats.REBALANCE_TIMEOUT_MS, regex == null ? topics : null, regex, assignor, Assignment.EMPTY,
                    "client-" + memberId, "/127.0.0.1");
        }
        // A full heartbeat states the whole subscription: the names (empty when subscribing by regex) and the regex
        // (empty when subscribing by names), so a switch from one to the other clears the other.
        return new MemberHeartbeat(Heartbeats.V1, Heartbeats.GROUP, memberId, epoch, full ? instanceId : null, null,
                full ? Heartbeats.REBALANCE_TIMEOUT_MS : -1, full ? (regex == null ? topics : List.of()) : null,
                full ? (regex == null ? "" : regex) : null, full ? assignor : null, ownedToSend,
                "client-" + memberId, "/127.0.0.1");
    }

    /** Sends one heartbeat to {@code group} at {@code nowMs} and acts on the answer. */
    void heartbeat(ConsumerGroup group, long nowMs) {
        MemberHeartbeat request = nextHeartbeat();
        try {
            onResponse(group.heartbeat(request, nowMs), nowMs);
        } catch (GroupException e) {
            onError(e.error());
        }
    }

    /** Sends one heartbeat whose response gets lost on the way back. */
    void heartbeatLosingResponse(ConsumerGroup group, long nowMs) {
        try {
            group.heartbeat(nextHeartbeat(), nowMs);
        } catch (GroupException e) {
            // the error is lost with the response
        }
        sendFull = true;
    }

    void onResponse(HeartbeatResult result) {
        onResponse(result, 0);
    }

    void onResponse(HeartbeatResult result, long nowMs) {
        lastError = ErrorCode.NONE;
        joined = true;
        sendFull = false;
        epoch = result.memberEpoch();
        if (result.assignment() != null) {
            received = result.assignment();
        }
        if (received != null && !delayRevocation) {
            reconcile();
        } else if (received != null && owned.minus(received).isEmpty()) {
            // Nothing to revoke: taking new partitions needs no listener round-trip.
            reconcile();
        } else if (received != null && revocationSinceMs < 0) {
            revocationSinceMs = nowMs;
        }
    }

    /** Finishes a delayed reconciliation: revoke what the last assignment dropped, take what it added. */
    void reconcile() {
        if (received != null) {
            owned = received;
        }
        revocationSinceMs = -1;
    }

    void onError(ErrorCode error) {
        lastError = error;
        if (error == ErrorCode.FENCED_MEMBER_EPOCH || error == ErrorCode.UNKNOWN_MEMBER_ID) {
            dropEverything();
        } else {
            sendFull = true;
        }
    }

    /** Gives up every partition and starts over with a join, as a fenced client does. */
    void dropEverything() {
        owned = Assignment.EMPTY;
        received = null;
        revocationSinceMs = -1;
        joined = false;
        epoch = 0;
        lastSentOwned = null;
    }

    /** Leaves the group for good: revokes everything first, then sends epoch -1. */
    void leave(ConsumerGroup group, long nowMs) {
        owned = Assignment.EMPTY;
        send(group, Heartbeats.leave(memberId, instanceId, MemberHeartbeat.LEAVE_EPOCH), nowMs);
    }

    /** Leaves as a static member that will be back: revokes everything, then sends epoch -2. */
    void leaveTemporarily(ConsumerGroup group, long nowMs) {
        owned = Assignment.EMPTY;
        send(group, Heartbeats.leave(memberId, instanceId, MemberHeartbeat.STATIC_LEAVE_EPOCH), nowMs);
    }

    /** A closing client does not act on the answer to its leave heartbeat; it only records an error. */
    private void send(ConsumerGroup group, MemberHeartbeat leave, long nowMs) {
        try {
            group.heartbeat(leave, nowMs);
        } catch (GroupException e) {
            lastError = e.error();
        }
    }

    @Override
    public String toString() {
        return memberId + "(epoch " + epoch + ", owns " + owned + ")";
    }
}
