package io.runnel.broker.group.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;

/**
 * The {@code range} server assignor: works topic by topic. For a topic of N partitions and M subscribed members
 * (ordered by {@code group.instance.id} when they have one, else by member id), each member gets N / M partitions and
 * the first N % M members one more, as contiguous ranges. It is sticky the way Kafka's server-side range assignor is:
 * a member first keeps up to its quota of the partitions it had in the previous target (members that had more than
 * the base quota are the first to get the extra ones), and only the rest are handed out as ranges in member order.
 *
 * <p>Because every topic goes through the same steps, topics with the same partition count and the same subscribers
 * are assigned alike (partition i of each to the same member): the co-partitioning joins rely on.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    private static final Comparator<AssignmentSpec.Member> MEMBER_ORDER = Comparator
            .<AssignmentSpec.Member, String>comparing(m -> m.instanceId() != null ? m.instanceId() : m.memberId())
            .thenComparing(AssignmentSpec.Member::memberId);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(AssignmentSpec spec) {
        Map<String, Assignment.Builder> builders = new LinkedHashMap<>();
        spec.members().keySet().forEach(id -> builders.put(id, Assignment.builder()));
        for (Map.Entry<UUID, Integer> topic : spec.partitions().entrySet()) {
            List<AssignmentSpec.Member> subscribers = new ArrayList<>();
            for (AssignmentSpec.Member member : spec.members().values()) {
                if (member.subscribedTopicIds().contains(topic.getKey())) {
                    subscribers.add(member);
                }
            }
            if (!subscribers.isEmpty() && topic.getValue() > 0) {
                subscribers.sort(MEMBER_ORDER);
                assignTopic(topic.getKey(), topic.getValue(), subscribers, builders);
            }
        }
        Map<String, Assignment> result = new LinkedHashMap<>();
        builders.forEach((id, builder) -> result.put(id, builder.build()));
        return result;
    }

    private static void assignTopic(UUID topicId, int partitionCount, List<AssignmentSpec.Member> subscribers,
                                    Map<String, Assignment.Builder> builders) {
        int memberCount = subscribers.size();
        int base = partitionCount / memberCount;
        int extras = partitionCount % memberCount;
        boolean[] taken = new boolean[partitionCount];
        int[] quota = new int[memberCount];
        List<List<Integer>> kept = new ArrayList<>(memberCount);
        List<List<Integer>> previous = new ArrayList<>(memberCount);

        for (int i = 0; i < memberCount; i++) {
            List<Integer> had = new ArrayList<>();
            SortedSet<Integer> target = subscribers.get(i).currentTarget().partitions(topicId);
            for (int p : target) {
                if (p < partitionCount) {
                    had.add(p);
                }
            }
            previous.add(had);
            kept.add(new ArrayList<>());
            quota[i] = base;
        }
        // Extra partitions go first to members that already held more than the base quota, then in member order.
        for (int i = 0; i < memberCount && extras > 0; i++) {
            if (previous.get(i).size() > base) {
                quota[i]++;
                extras--;
            }
        }
        for (int i = 0; i < memberCount && extras > 0; i++) {
            if (quota[i] == base) {
                quota[i]++;
                extras--;
            }
        }
        for (int i = 0; i < memberCount; i++) {
            for (int p : previous.get(i)) {
                if (kept.get(i).size() < quota[i] && !taken[p]) {
                    taken[p] = true;
                    kept.get(i).add(p);
                }
            }
        }
        int next = 0;
        for (int i = 0; i < memberCount; i++) {
            while (kept.get(i).size() < quota[i]) {
                while (taken[next]) {
                    next++;
                }
                taken[next] = true;
                kept.get(i).add(next);
            }
            Assignment.Builder builder = builders.get(subscribers.get(i).memberId());
            kept.get(i).forEach(p -> builder.add(topicId, p));
        }
    }
}
