package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.core.TopicMetadataImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How topic creation, deletion and growth, and regex subscriptions, move the group epoch and the assignment. */
class ConsumerGroupTopicMetadataTest {

    private static final UUID PAYMENTS = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID REFUNDS = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID AUDIT = UUID.fromString("00000000-0000-0000-0000-000000000003");
    private static final UUID OFFSETS = UUID.fromString("00000000-0000-0000-0000-000000000004");

    private final List<TopicMetadataImage.Topic> topics = new ArrayList<>(List.of(
            new TopicMetadataImage.Topic("payments", PAYMENTS, 2)));
    private final ConsumerGroup group = new ConsumerGroup(Heartbeats.GROUP, ConsumerGroupConfig.defaults(),
            Assignors.standard(), TopicMetadataImage.of(topics));

    @Test
    void growingASubscribedTopicBumpsTheEpochAndAssignsTheNewPartitions() {
        HeartbeatResult joined = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        assertEquals(partitions(PAYMENTS, 0, 1), joined.assignment());

        assertFalse(setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 2),
                new TopicMetadataImage.Topic("audit", AUDIT, 5)), "a topic nobody subscribes to changes nothing");
        assertEquals(1, group.groupEpoch());

        assertTrue(setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 4),
                new TopicMetadataImage.Topic("audit", AUDIT, 5)));
        assertEquals(2, group.groupEpoch());
        HeartbeatResult grown = group.heartbeat(Heartbeats.beat("a", 1, joined.assignment()), 10);
        assertEquals(2, grown.memberEpoch());
        assertEquals(partitions(PAYMENTS, 0, 1, 2, 3), grown.assignment());
    }

    @Test
    void aSubscribedTopicCreatedLaterIsAssignedAndADeletedOneRevoked() {
        HeartbeatResult joined = group.heartbeat(Heartbeats.join("a", "payments", "refunds"), 0);
        assertEquals(partitions(PAYMENTS, 0, 1), joined.assignment());

        assertTrue(setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 2),
                new TopicMetadataImage.Topic("refunds", REFUNDS, 1)));
        HeartbeatResult created = group.heartbeat(Heartbeats.beat("a", 1, joined.assignment()), 10);
        assertEquals(partitions(PAYMENTS, 0, 1).union(partitions(REFUNDS, 0)), created.assignment());

        assertTrue(setTopics(new TopicMetadataImage.Topic("refunds", REFUNDS, 1)));
        HeartbeatResult deleted = group.heartbeat(Heartbeats.beat("a", 2, created.assignment()), 20);
        assertEquals(partitions(REFUNDS, 0), deleted.assignment(), "the deleted topic's partitions are revoked");
        assertEquals(MemberState.UNREVOKED_PARTITIONS, group.member("a").orElseThrow().state());
        HeartbeatResult done = group.heartbeat(Heartbeats.beat("a", 2, deleted.assignment()), 30);
        assertEquals(3, done.memberEpoch());
        assertEquals(ConsumerGroupState.STABLE, group.state());
    }

    @Test
    void aRegexSubscriptionMatchesWholeNamesFollowsNewTopicsAndSkipsInternalOnes() {
        setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 1),
                new TopicMetadataImage.Topic("payments-eu", REFUNDS, 1),
                new TopicMetadataImage.Topic("__consumer_offsets", OFFSETS, 3));
        HeartbeatResult joined = group.heartbeat(Heartbeats.joinRegex("a", "pay.*|__.*"), 0);
        assertEquals(Set.of(PAYMENTS, REFUNDS), group.member("a").orElseThrow().subscribedTopicIds());
        assertEquals(partitions(PAYMENTS, 0).union(partitions(REFUNDS, 0)), joined.assignment());

        HeartbeatResult other = group.heartbeat(Heartbeats.joinRegex("b", "payments"), 0);
        assertEquals(Set.of(PAYMENTS), group.member("b").orElseThrow().subscribedTopicIds(),
                "the regex must match the whole name, not a prefix");
        assertTrue(other.assignment().isEmpty() || other.assignment().equals(partitions(PAYMENTS, 0)));

        int epoch = group.groupEpoch();
        assertTrue(setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 1),
                new TopicMetadataImage.Topic("payments-eu", REFUNDS, 1),
                new TopicMetadataImage.Topic("__consumer_offsets", OFFSETS, 3),
                new TopicMetadataImage.Topic("payouts", AUDIT, 2)));
        assertEquals(epoch + 1, group.groupEpoch());
        assertEquals(Set.of(PAYMENTS, REFUNDS, AUDIT), group.member("a").orElseThrow().subscribedTopicIds());
        assertEquals(2, group.targetAssignment().of("a").partitions(AUDIT).size());
    }

    @Test
    void changingTheSubscriptionInAHeartbeatBumpsTheEpoch() {
        setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 2), new TopicMetadataImage.Topic("refunds", REFUNDS, 2));
        HeartbeatResult joined = group.heartbeat(Heartbeats.join("a", "payments"), 0);
        MemberHeartbeat resubscribe = new MemberHeartbeat(Heartbeats.V1, Heartbeats.GROUP, "a", 1, null, null, -1,
                List.of("refunds"), null, null, joined.assignment(), "c", "h");
        HeartbeatResult revoke = group.heartbeat(resubscribe, 10);
        assertEquals(2, group.groupEpoch());
        assertEquals(Assignment.EMPTY, revoke.assignment());
        HeartbeatResult moved = group.heartbeat(Heartbeats.beat("a", 1, Assignment.EMPTY), 20);
        assertEquals(partitions(REFUNDS, 0, 1), moved.assignment());
        assertEquals(List.of("refunds"), group.member("a").orElseThrow().subscribedTopicNames());
    }

    @Test
    void theMostRequestedAssignorComputesTheTarget() {
        setTopics(new TopicMetadataImage.Topic("payments", PAYMENTS, 2), new TopicMetadataImage.Topic("refunds", REFUNDS, 2));
        group.heartbeat(Heartbeats.join("a", "payments", "refunds"), 0);
        assertEquals("uniform", group.assignorName(), "uniform is the default");
        group.heartbeat(Heartbeats.joinWithAssignor("b", "range", "payments", "refunds"), 0);
        assertEquals("range", group.assignorName());
        // range gives each member the same partition numbers of both topics
        assertEquals(partitions(PAYMENTS, 0).union(partitions(REFUNDS, 0)), group.targetAssignment().of("a"));
        assertEquals(partitions(PAYMENTS, 1).union(partitions(REFUNDS, 1)), group.targetAssignment().of("b"));
    }

    private boolean setTopics(TopicMetadataImage.Topic... newTopics) {
        return group.onTopicMetadataChanged(TopicMetadataImage.of(List.of(newTopics)));
    }

    private static Assignment partitions(UUID topic, int... partitions) {
        Assignment.Builder builder = Assignment.builder();
        for (int p : partitions) {
            builder.add(new TopicIdPartition(topic, p));
        }
        return builder.build();
    }
}
