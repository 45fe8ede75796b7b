package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The range assignor gives what kafka-clients' RangeAssignor gives for the same members and topics. */
class ClassicRangeAssignorTest {

    @Test
    void threePartitionsOverTwoMembersAreTwoAndOne() {
        List<ClassicRangeAssignor.Member> members = List.of(
                new ClassicRangeAssignor.Member("m-b", null, ClassicSubscription.of(List.of("seed"))),
                new ClassicRangeAssignor.Member("m-a", null, ClassicSubscription.of(List.of("seed"))));
        Map<String, List<TopicPartition>> assignment = ClassicRangeAssignor.assign(members, topic -> 3);
        assertEquals(List.of(new TopicPartition("seed", 0), new TopicPartition("seed", 1)), assignment.get("m-a"));
        assertEquals(List.of(new TopicPartition("seed", 2)), assignment.get("m-b"));
    }

    @Test
    void aMemberBeyondThePartitionCountGetsNothing() {
        List<ClassicRangeAssignor.Member> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(new ClassicRangeAssignor.Member("m-" + i, null, ClassicSubscription.of(List.of("seed"))));
        }
        Map<String, List<TopicPartition>> assignment = ClassicRangeAssignor.assign(members, topic -> 3);
        assertEquals(4, assignment.size());
        assertEquals(List.of(), assignment.get("m-3"));
        assertEquals(List.of(new TopicPartition("seed", 1)), assignment.get("m-1"));
    }

    @Test
    void randomGroupsMatchKafkaClients() {
        Random random = new Random(42);
        List<String> allTopics = List.of("t0", "t1", "t2", "t3", "t4");
        for (int round = 0; round < 300; round++) {
            Map<String, Integer> counts = new HashMap<>();
            for (String topic : allTopics) {
                if (random.nextInt(5) > 0) {
                    counts.put(topic, 1 + random.nextInt(12));
                }
            }
            int memberCount = 1 + random.nextInt(7);
            List<ClassicRangeAssignor.Member> members = new ArrayList<>();
            Map<String, ConsumerPartitionAssignor.Subscription> theirs = new HashMap<>();
            for (int m = 0; m < memberCount; m++) {
                List<String> topics = new ArrayList<>();
                for (String topic : allTopics) {
                    if (random.nextBoolean()) {
                        topics.add(topic);
                    }
                }
                String memberId = "consumer-" + random.nextInt(1000) + "-" + m;
                String instance = random.nextInt(3) == 0 ? "instance-" + random.nextInt(100) + "-" + m : null;
                members.add(new ClassicRangeAssignor.Member(memberId, instance, ClassicSubscription.of(topics)));
                ConsumerPartitionAssignor.Subscription subscription = new ConsumerPartitionAssignor.Subscription(topics);
                subscription.setGroupInstanceId(Optional.ofNullable(instance));
                theirs.put(memberId, subscription);
            }
            Map<String, List<TopicPartition>> ours =
                    ClassicRangeAssignor.assign(members, topic -> counts.getOrDefault(topic, -1));
            @SuppressWarnings("deprecation")
            Map<String, List<org.apache.kafka.common.TopicPartition>> expected =
                    new RangeAssignor().assign(counts, theirs);
            for (ClassicRangeAssignor.Member member : members) {
                List<String> want = new ArrayList<>();
                for (org.apache.kafka.common.TopicPartition tp : expected.get(member.memberId())) {
                    want.add(tp.topic() + "-" + tp.partition());
                }
                List<String> got = new ArrayList<>();
                for (TopicPartition tp : ours.get(member.memberId())) {
                    got.add(tp.topic() + "-" + tp.partition());
                }
                want.sort(null);
                got.sort(null);
                assertEquals(want, got, "round " + round + ", member " + member);
            }
        }
    }
}
