package io.runnel.broker.fetch;

import io.runnel.protocol.ErrorCode;

/**
 * Leader epochs on one broker: every partition has had one leader, this broker, since it was created, so its
 * leader epoch is 0 for ever (what a single Kafka node reports for a new partition). Clients send the epoch they
 * know from Metadata; -1 means they know none.
 */
public final class LeaderEpochs {
    /** The leader epoch of every partition. */
    public static final int CURRENT = 0;
    private static final int UNKNOWN = -1;

    private LeaderEpochs() {
    }

    /**
     * Null when a request carrying {@code clientEpoch} may proceed; else Kafka's answer: the client knows a newer
     * epoch than the broker (UNKNOWN_LEADER_EPOCH, retriable) or an older one (FENCED_LEADER_EPOCH).
     */
    public static ErrorCode check(int clientEpoch) {
        if (clientEpoch == UNKNOWN || clientEpoch == CURRENT) {
            return null;
        }
        return clientEpoch > CURRENT ? ErrorCode.UNKNOWN_LEADER_EPOCH : ErrorCode.FENCED_LEADER_EPOCH;
    }
}
