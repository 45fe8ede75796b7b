package io.runnel.client.internal.consumer;

import io.runnel.client.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Kafka's {@code range} assignor, run by the leader of a classic group: per topic, the members subscribed to it in
 * order (by {@code group.instance.id} when both have one, members with one first, else by member id) get
 * contiguous ranges of partitions, {@code n / m} each and one more for the first {@code n % m}. Topics whose
 * partition count is unknown are left out. Deterministic, so it matches what kafka-clients' RangeAssignor gives for
 * the same members (without racks).
 */
final class ClassicRangeAssignor {
    /** The protocol name members announce in JoinGroup. */
    static final String NAME = "range";

    /** One group member as the leader sees it in the JoinGroup answer. */
    record Member(String memberId, String instanceId, ClassicSubscription subscription) {
    }

    private static final Comparator<Member> ORDER = (a, b) -> {
        if (a.instanceId() != null && b.instanceId() != null) {
            return a.instanceId().compareTo(b.instanceId());
        }
        if (a.instanceId() != null) {
            return -1;
        }
        if (b.instanceId() != null) {
            return 1;
        }
        return a.memberId().compareTo(b.memberId());
    };

    private ClassicRangeAssignor() {
    }

    /**
     * @param partitionCounts a topic's partition count, or a negative number when it is unknown
     * @return per member id (every member, in input order) its partitions, grouped by topic in name order
     */
    static Map<String, List<TopicPartition>> assign(List<Member> members, ToIntFunction<String> partitionCounts) {
        Map<String, List<Member>> subscribers = new HashMap<>();
        TreeSet<String> topics = new TreeSet<>();
        for (Member member : members) {
            for (String topic : member.subscription().topics()) {
                if (topics.add(topic)) {
                    subscribers.put(topic, new ArrayList<>());
                }
                List<Member> forTopic = subscribers.get(topic);
                if (!forTopic.contains(member)) {
                    forTopic.add(member);
                }
            }
        }
        Map<String, List<TopicPartition>> result = new LinkedHashMap<>();
        for (Member member : members) {
            result.put(member.memberId(), new ArrayList<>());
        }
        for (String topic : topics) {
            int partitions = partitionCounts.applyAsInt(topic);
            if (partitions <= 0) {
                continue;
            }
            List<Member> ordered = subscribers.get(topic);
            ordered.sort(ORDER);
            int m = ordered.size();
            int each = partitions / m;
            int extra = partitions % m;
            for (int i = 0; i < m; i++) {
                int start = each * i + Math.min(i, extra);
                int length = each + (i < extra ? 1 : 0);
                List<TopicPartition> target = result.get(ordered.get(i).memberId());
                for (int p = start; p < start + length; p++) {
                    target.add(new TopicPartition(topic, p));
                }
            }
        }
        return result;
    }
}
