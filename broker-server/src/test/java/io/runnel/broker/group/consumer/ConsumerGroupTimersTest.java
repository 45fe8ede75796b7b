package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.core.TopicMetadataImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session and rebalance timeouts, driven by a test clock: deadlines, expiry at the exact time, and what follows. */
class ConsumerGroupTimersTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
    private static final ConsumerGroupConfig CONFIG = new ConsumerGroupConfig(1_000, 10_000, Integer.MAX_VALUE);

    private ConsumerGroup group;

    @BeforeEach
    void setUp() {
        group = new ConsumerGroup(Heartbeats.GROUP, CONFIG, Assignors.standard(),
                TopicMetadataImage.of(List.of(new TopicMetadataImage.Topic("payments", TOPIC, 4))));
    }

    @Test
    void defaultsDetectADeadMemberInSecondsAndHeartbeatEverySecond() {
        ConsumerGroupConfig defaults = ConsumerGroupConfig.defaults();
        assertEquals(1_000, defaults.heartbeatIntervalMs());
        assertEquals(10_000, defaults.sessionTimeoutMs());
        HeartbeatResult result = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        assertEquals(1_000, result.heartbeatIntervalMs(), "the interval is told to the member");
    }

    @Test
    void aSilentMemberExpiresExactlyAtItsSessionDeadline() {
        assertEquals(OptionalLong.empty(), group.nextDeadlineMs());
        group.heartbeat(Heartbeats.join("a", "payments"), 1_000);
        group.heartbeat(Heartbeats.join("b", "payments"), 2_000);
        assertEquals(OptionalLong.of(11_000), group.nextDeadlineMs());

        group.heartbeat(Heartbeats.beat("a", 1, null), 5_000);
        assertEquals(OptionalLong.of(12_000), group.nextDeadlineMs(), "a heartbeat pushes the deadline");

        assertEquals(List.of(), group.expireMembers(11_999));
        int epoch = group.groupEpoch();
        List<ExpiredMember> expired = group.expireMembers(12_000);
        assertEquals(List.of(new ExpiredMember("b", ExpiredMember.Reason.SESSION_TIMEOUT)), expired);
        assertEquals(epoch + 1, group.groupEpoch());
        assertEquals(4, group.targetAssignment().of("a").size(), "the survivor's target takes everything");
        assertEquals(OptionalLong.of(15_000), group.nextDeadlineMs());
    }

    @Test
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsFenced() {
        HeartbeatResult a = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        group.heartbeat(Heartbeats.join("b", "payments"), 0);
        HeartbeatResult mustRevoke = group.heartbeat(Heartbeats.beat("a", 1, a.assignment()), 100);
        assertEquals(MemberState.UNREVOKED_PARTITIONS, group.member("a").orElseThrow().state());
        long revocationDeadline = 100 + Heartbeats.REBALANCE_TIMEOUT_MS;
        assertEquals(revocationDeadline, group.member("a").orElseThrow().revocationDeadlineMs());

        // a keeps heartbeating but never lets go of the partition it must revoke
        long now = 100;
        while (now + 1_000 < revocationDeadline) {
            now += 1_000;
            group.heartbeat(Heartbeats.beat("a", 1, a.assignment()), now);
            group.heartbeat(Heartbeats.beat("b", 2, Assignment.EMPTY), now);
            assertEquals(List.of(), group.expireMembers(now));
        }
        assertEquals(OptionalLong.of(revocationDeadline), group.nextDeadlineMs());
        List<ExpiredMember> expired = group.expireMembers(revocationDeadline);
        assertEquals(List.of(new ExpiredMember("a", ExpiredMember.Reason.REBALANCE_TIMEOUT)), expired);

        HeartbeatResult b = group.heartbeat(Heartbeats.beat("b", 2, Assignment.EMPTY), revocationDeadline);
        assertEquals(a.assignment(), b.assignment(), "b gets everything once a is fenced");
        assertTrue(mustRevoke.assignment().size() < a.assignment().size());
    }

    @Test
    void revokingInTimeClearsTheRevocationDeadline() {
        HeartbeatResult a = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        group.heartbeat(Heartbeats.join("b", "payments"), 0);
        HeartbeatResult mustRevoke = group.heartbeat(Heartbeats.beat("a", 1, a.assignment()), 100);
        group.heartbeat(Heartbeats.beat("a", 1, mustRevoke.assignment()), 200);
        assertEquals(-1, group.member("a").orElseThrow().revocationDeadlineMs());
        assertEquals(OptionalLong.of(10_000), group.nextDeadlineMs(), "b's session deadline (it joined at 0) comes first");
    }

    @Test
    void aStaticMemberThatLeftTemporarilyIsRemovedWhenNobodyTakesItsPlaceInTime() {
        group.heartbeat(Heartbeats.joinStatic("a", "node-1", "payments"), 0);
        group.heartbeat(Heartbeats.join("b", "payments"), 0);
        group.heartbeat(Heartbeats.leave("a", "node-1", MemberHeartbeat.STATIC_LEAVE_EPOCH), 3_000);
        group.heartbeat(Heartbeats.beat("b", 2, Assignment.EMPTY), 9_000);
        assertEquals(List.of(), group.expireMembers(12_999));
        assertEquals(List.of(new ExpiredMember("a", ExpiredMember.Reason.SESSION_TIMEOUT)), group.expireMembers(13_000));
        assertEquals(4, group.targetAssignment().of("b").size());
    }
}
