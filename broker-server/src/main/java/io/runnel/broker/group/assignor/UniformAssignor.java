package io.runnel.broker.group.assignor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The {@code uniform} server assignor (Kafka's default): spreads all subscribed partitions over the members so that
 * partition counts differ by at most one when every member subscribes to the same topics (and as evenly as the
 * subscriptions allow otherwise), while each member keeps the partitions of its previous target assignment unless
 * balance requires moving them.
 *
 * <p>Three steps: (1) every member keeps its previous target partitions that still exist and that it still
 * subscribes to; (2) every partition left over goes to the least-loaded member subscribed to its topic, topics with
 * the fewest subscribers first; (3) while the most loaded member holds a partition that a member with at least two
 * fewer partitions subscribes to, it moves to the least loaded such member. Each move lowers the sum of squared loads, so step 3
 * ends; when subscriptions are equal it ends with max − min ≤ 1. Ties break by member id and partition order, so the
 * result is a function of the spec alone.
 */
public final class UniformAssignor implements PartitionAssignor {

    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(AssignmentSpec spec) {
        List<AssignmentSpec.Member> members = new ArrayList<>(spec.members().values());
        int memberCount = members.size();
        Map<UUID, List<Integer>> subscribers = subscribersByTopic(spec, members);
        int[] load = new int[memberCount];
        List<TreeSet<TopicIdPartition>> held = new ArrayList<>(memberCount);
        Map<TopicIdPartition, Integer> owner = new HashMap<>();
        for (int i = 0; i < memberCount; i++) {
            held.add(new TreeSet<>());
        }

        for (int i = 0; i < memberCount; i++) {
            AssignmentSpec.Member member = members.get(i);
            for (TopicIdPartition tp : member.currentTarget().partitionList()) {
                boolean stillValid = member.subscribedTopicIds().contains(tp.topicId())
                        && tp.partition() < spec.partitionCount(tp.topicId());
                if (stillValid && !owner.containsKey(tp)) {
                    give(i, tp, owner, held, load);
                }
            }
        }

        List<UUID> topicsByScarcity = new ArrayList<>(subscribers.keySet());
        topicsByScarcity.sort(Comparator.<UUID>comparingInt(t -> subscribers.get(t).size()).thenComparing(t -> t));
        for (UUID topicId : topicsByScarcity) {
            List<Integer> eligible = subscribers.get(topicId);
            int count = spec.partitionCount(topicId);
            for (int p = 0; p < count; p++) {
                TopicIdPartition tp = new TopicIdPartition(topicId, p);
                if (!owner.containsKey(tp)) {
                    give(leastLoaded(eligible, load), tp, owner, held, load);
                }
            }
        }

        balance(subscribers, owner, held, load);

        Map<String, Assignment> result = new LinkedHashMap<>();
        for (int i = 0; i < memberCount; i++) {
            result.put(members.get(i).memberId(), Assignment.of(held.get(i)));
        }
        return result;
    }

    private static Map<UUID, List<Integer>> subscribersByTopic(AssignmentSpec spec, List<AssignmentSpec.Member> members) {
        Map<UUID, List<Integer>> subscribers = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            for (UUID topicId : members.get(i).subscribedTopicIds()) {
                if (spec.partitionCount(topicId) > 0) {
                    subscribers.computeIfAbsent(topicId, t -> new ArrayList<>()).add(i);
                }
            }
        }
        return subscribers;
    }

    private static void balance(Map<UUID, List<Integer>> subscribers, Map<TopicIdPartition, Integer> owner,
                                List<TreeSet<TopicIdPartition>> held, int[] load) {
        // Always move from the most loaded member that can give something away to the least loaded member that may
        // take it, so a member only ever gives partitions away or only ever receives them.
        boolean[] stuck = new boolean[load.length];
        while (true) {
            int from = -1;
            for (int i = 0; i < load.length; i++) {
                if (!stuck[i] && (from < 0 || load[i] > load[from])) {
                    from = i;
                }
            }
            if (from < 0) {
                return;
            }
            TopicIdPartition movable = null;
            int to = -1;
            for (TopicIdPartition tp : held.get(from).descendingSet()) {
                int candidate = leastLoaded(subscribers.get(tp.topicId()), load);
                if (load[candidate] + 1 < load[from]) {
                    movable = tp;
                    to = candidate;
                    break;
                }
            }
            if (movable == null) {
                stuck[from] = true;
            } else {
                held.get(from).remove(movable);
                load[from]--;
                give(to, movable, owner, held, load);
                Arrays.fill(stuck, false);
            }
        }
    }

    private static int leastLoaded(List<Integer> eligible, int[] load) {
        int best = eligible.get(0);
        for (int candidate : eligible) {
            if (load[candidate] < load[best]) {
                best = candidate;
            }
        }
        return best;
    }

    private static void give(int member, TopicIdPartition tp, Map<TopicIdPartition, Integer> owner,
                             List<TreeSet<TopicIdPartition>> held, int[] load) {
        owner.put(tp, member);
        held.get(member).add(tp);
        load[member]++;
    }
}
