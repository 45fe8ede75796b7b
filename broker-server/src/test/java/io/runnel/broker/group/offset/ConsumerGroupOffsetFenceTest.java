package io.runnel.broker.group.offset;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupConfig;
import io.runnel.broker.group.consumer.HeartbeatResult;
import io.runnel.broker.group.consumer.Heartbeats;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** OffsetCommit / OffsetFetch fencing of consumer-protocol groups by member id and member epoch. */
class ConsumerGroupOffsetFenceTest {

    private static final UUID TOPIC = UUID.fromString("00000000-0000-0000-0000-0000000000cc");

    private ConsumerGroup group;

    @BeforeEach
    void setUp() {
        group = new ConsumerGroup(Heartbeats.GROUP, ConsumerGroupConfig.defaults(), Assignors.standard(),
                TopicMetadataImage.of(List.of(new TopicMetadataImage.Topic("payments", TOPIC, 2))));
    }

    @Test
    void simpleCommitsAreAcceptedOnlyWhileTheGroupHasNoMembers() {
        assertSame(OffsetCommitValidator.ACCEPT_ALL, commit("", -1));
        group.heartbeat(Heartbeats.join("a", "payments"), 0);
        assertRefused(ErrorCode.UNKNOWN_MEMBER_ID, "", -1);
    }

    @Test
    void commitsAreFencedByMemberAndEpoch() {
        // a owns both partitions at epoch 1
        HeartbeatResult a = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        assertEquals(ErrorCode.NONE, commit("a", 1).check("payments", 1));
        assertRefused(ErrorCode.UNKNOWN_MEMBER_ID, "nobody", 1);
        assertRefused(ErrorCode.STALE_MEMBER_EPOCH, "a", 2);

        // b joins: a must give up one partition and keeps epoch 1 while revoking, so it can commit it first
        group.heartbeat(Heartbeats.join("b", "payments"), 0);
        HeartbeatResult revoke = group.heartbeat(Heartbeats.beat("a", 1, a.assignment()), 0);
        int revoked = a.assignment().minus(revoke.assignment()).partitionList().get(0).partition();
        int kept = revoke.assignment().partitionList().get(0).partition();
        assertEquals(ErrorCode.NONE, commit("a", 1).check("payments", revoked));

        // after revoking, a is at epoch 2; a commit still carrying epoch 1 passes for the partition it kept since
        // epoch 1 and is refused for the one it gave up (now b's)
        group.heartbeat(Heartbeats.beat("a", 1, revoke.assignment()), 0);
        assertEquals(2, group.member("a").orElseThrow().memberEpoch());
        OffsetCommitValidator stale = commit("a", 1);
        assertEquals(ErrorCode.NONE, stale.check("payments", kept));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, stale.check("payments", revoked));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, stale.check("no-such-topic", 0));

        // b got the revoked partition at epoch 2: its commits with epoch 2 pass, and none with epoch 1 can exist
        HeartbeatResult b = group.heartbeat(Heartbeats.beat("b", 2, Assignment.EMPTY), 0);
        assertEquals(1, b.assignment().size());
        assertEquals(ErrorCode.NONE, commit("b", 2).check("payments", revoked));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, commit("b", 1).check("payments", revoked));
    }

    @Test
    void aRemovedMembersCommitsAreRefused() {
        group.heartbeat(Heartbeats.join("a", "payments"), 0);
        group.heartbeat(Heartbeats.join("b", "payments"), 0);
        group.expireMembers(ConsumerGroupConfig.DEFAULT_SESSION_TIMEOUT_MS);
        assertRefused(ErrorCode.UNKNOWN_MEMBER_ID, "a", 1);
    }

    @Test
    void offsetFetchesAreFencedByMemberAndExactEpoch() {
        assertEquals(ErrorCode.NONE, fetch(null, -1));
        group.heartbeat(Heartbeats.join("a", "payments"), 0);
        assertEquals(ErrorCode.NONE, fetch(null, -1));
        assertEquals(ErrorCode.NONE, fetch("a", 1));
        assertEquals(ErrorCode.STALE_MEMBER_EPOCH, fetch("a", 0));
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, fetch("x", 1));
    }

    @Test
    void membersMustCommitWithAVersionThatCarriesTheirEpoch() {
        group.heartbeat(Heartbeats.join("a", "payments"), 0);
        OffsetCommitValidator v8 = OffsetFence.commit(group, "a", null, 1, (short) 8);
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, v8.check("payments", 0));
        OffsetCommitValidator stranger = OffsetFence.commit(group, "x", null, 1, (short) 8);
        assertEquals(ErrorCode.UNKNOWN_MEMBER_ID, stranger.check("payments", 0));
    }

    /** The fence exactly as OffsetCommit v9 applies it. */
    private OffsetCommitValidator commit(String memberId, int epoch) {
        return OffsetFence.commit(group, memberId, null, epoch, (short) 9);
    }

    private ErrorCode fetch(String memberId, int epoch) {
        return OffsetFence.fetch(group, memberId, epoch);
    }

    private void assertRefused(ErrorCode expected, String memberId, int epoch) {
        OffsetCommitValidator refused = commit(memberId, epoch);
        assertEquals(expected, refused.check("payments", 0));
        assertEquals(expected, refused.check("payments", 1));
    }
}
