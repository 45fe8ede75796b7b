package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;

import java.util.List;

/** Builds heartbeats the way clients send them, for tests. */
public final class Heartbeats {

    public static final String GROUP = "orders";
    static final short V1 = 1;
    static final int REBALANCE_TIMEOUT_MS = 30_000;

    private Heartbeats() {
    }

    /** A v1 join by name subscription. */
    public static MemberHeartbeat join(String memberId, String... topics) {
        return new MemberHeartbeat(V1, GROUP, memberId, 0, null, null, REBALANCE_TIMEOUT_MS, List.of(topics), null,
                null, Assignment.EMPTY, "client-" + memberId, "/127.0.0.1");
    }

    /** A v1 join of a static member. */
    public static MemberHeartbeat joinStatic(String memberId, String instanceId, String... topics) {
        return new MemberHeartbeat(V1, GROUP, memberId, 0, instanceId, null, REBALANCE_TIMEOUT_MS, List.of(topics),
                null, null, Assignment.EMPTY, "client-" + memberId, "/127.0.0.1");
    }

    /** A v1 join with a regex subscription. */
    public static MemberHeartbeat joinRegex(String memberId, String regex) {
        return new MemberHeartbeat(V1, GROUP, memberId, 0, null, null, REBALANCE_TIMEOUT_MS, null, regex, null,
                Assignment.EMPTY, "client-" + memberId, "/127.0.0.1");
    }

    /** A v1 join asking for a server assignor. */
    public static MemberHeartbeat joinWithAssignor(String memberId, String assignor, String... topics) {
        return new MemberHeartbeat(V1, GROUP, memberId, 0, null, null, REBALANCE_TIMEOUT_MS, List.of(topics), null,
                assignor, Assignment.EMPTY, "client-" + memberId, "/127.0.0.1");
    }

    /** A regular heartbeat: only the epoch and, when not null, the owned partitions. */
    public static MemberHeartbeat beat(String memberId, int epoch, Assignment owned) {
        return new MemberHeartbeat(V1, GROUP, memberId, epoch, null, null, -1, null, null, null, owned,
                "client-" + memberId, "/127.0.0.1");
    }

    /** A leave (-1) or static leave (-2). */
    public static MemberHeartbeat leave(String memberId, String instanceId, int epoch) {
        return new MemberHeartbeat(V1, GROUP, memberId, epoch, instanceId, null, -1, null, null, null, null,
                "client-" + memberId, "/127.0.0.1");
    }
}
