package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.TopicIdPartition;
import io.runnel.broker.group.core.TopicMetadataImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random churn: members join (dynamic and static, by names and by regex, with either assignor), leave, leave
 * temporarily and come back under a new member id, crash, lose responses, revoke slowly, change subscriptions, while
 * topics are created, deleted and grow, and heartbeats arrive in random order. After every step: no partition has two
 * owners, neither among the clients nor in the group, and every client owns only what the group thinks it holds.
 * After the churn, with every member heartbeating, the group becomes stable and every partition of every subscribed
 * topic is owned by exactly one client.
 */
class ConsumerGroupChurnTest {

    private static final ConsumerGroupConfig CONFIG = new ConsumerGroupConfig(1_000, 10_000, Integer.MAX_VALUE);
    private static final int STEPS = 600;
    /** How long a slow client's rebalance listener may take; well under the rebalance timeout. */
    private static final long SLOW_LISTENER_MS = 4_000;

    /** Seeds 1..30; {@code CHURN_SEED=n} in the environment replays one seed alone. */
    static LongStream seeds() {
        String only = System.getenv("CHURN_SEED");
        return only != null ? LongStream.of(Long.parseLong(only)) : LongStream.rangeClosed(1, 30);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noPartitionHasTwoOwnersAndEveryPartitionIsOwnedOnceStable(long seed) {
        new Simulation(seed).run();
    }

    private static final class Simulation {
        private final long seed;
        private final Random random;
        private final Map<String, TopicMetadataImage.Topic> topics = new TreeMap<>();
        private final ConsumerGroup group;
        private final Map<String, SimulatedConsumer> live = new TreeMap<>();
        private final List<String> departedInstances = new ArrayList<>();
        private long now = 1_000_000;
        private int nextMemberNumber;
        private int nextInstanceNumber;
        private int step;

        Simulation(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            for (int i = 0; i < 4; i++) {
                putTopic("t" + i, 1 + random.nextInt(6));
            }
            group = new ConsumerGroup(Heartbeats.GROUP, CONFIG, Assignors.standard(), image(),
                    () -> "generated-" + nextMemberNumber++);
        }

        void run() {
            for (step = 0; step < STEPS; step++) {
                churnOnce();
                check();
            }
            quiesce();
        }

        private void churnOnce() {
            int dice = random.nextInt(100);
            List<SimulatedConsumer> members = new ArrayList<>(live.values());
            SimulatedConsumer someone = members.isEmpty() ? null : members.get(random.nextInt(members.size()));
            if (dice < 40 && someone != null) {
                someone.heartbeat(group, now);
            } else if (dice < 47 || someone == null) {
                startConsumer(null);
            } else if (dice < 51) {
                someone.leave(group, now);
                live.remove(someone.memberId);
            } else if (dice < 54 && someone.instanceId != null) {
                if (someone.joined) {
                    someone.leaveTemporarily(group, now);
                }
                live.remove(someone.memberId);
                departedInstances.add(someone.instanceId);
            } else if (dice < 57 && !departedInstances.isEmpty()) {
                startConsumer(departedInstances.remove(random.nextInt(departedInstances.size())));
            } else if (dice < 60) {
                live.remove(someone.memberId);
                if (someone.instanceId != null) {
                    departedInstances.add(someone.instanceId);
                }
            } else if (dice < 64) {
                someone.delayRevocation = !someone.delayRevocation;
            } else if (dice < 67) {
                someone.heartbeatLosingResponse(group, now);
            } else if (dice < 71) {
                changeTopics();
            } else if (dice < 74) {
                resubscribe(someone);
            } else {
                advanceTime(random.nextInt(700));
            }
        }

        private void startConsumer(String instanceId) {
            String memberId = "m" + nextMemberNumber++;
            String regex = null;
            List<String> names = List.of();
            if (random.nextInt(6) == 0) {
                regex = "t[0-" + random.nextInt(6) + "]";
            } else {
                names = randomTopicNames();
            }
            String assignor = switch (random.nextInt(4)) {
                case 0 -> "range";
                case 1 -> "uniform";
                default -> null;
            };
            if (instanceId == null && random.nextInt(3) == 0) {
                instanceId = "i" + nextInstanceNumber++;
            }
            SimulatedConsumer consumer = new SimulatedConsumer(memberId, instanceId, names, regex, assignor);
            consumer.delayRevocation = random.nextInt(4) == 0;
            live.put(memberId, consumer);
            consumer.heartbeat(group, now);
        }

        private List<String> randomTopicNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                if (random.nextInt(3) == 0) {
                    names.add("t" + i);
                }
            }
            if (names.isEmpty()) {
                names.add("t" + random.nextInt(6));
            }
            return names;
        }

        private void resubscribe(SimulatedConsumer consumer) {
            if (random.nextInt(4) == 0) {
                consumer.regex = "t[" + random.nextInt(3) + "-5]";
                consumer.topics = List.of();
            } else {
                consumer.regex = null;
                consumer.topics = randomTopicNames();
            }
            consumer.sendFull = true;
        }

        private void changeTopics() {
            String name = "t" + random.nextInt(6);
            TopicMetadataImage.Topic existing = topics.get(name);
            int dice = random.nextInt(10);
            if (existing == null) {
                putTopic(name, 1 + random.nextInt(6));
            } else if (dice < 2) {
                topics.remove(name);
            } else {
                putTopic(name, existing.partitionCount() + 1 + random.nextInt(3));
            }
            group.onTopicMetadataChanged(image());
        }

        private void putTopic(String name, int partitions) {
            TopicMetadataImage.Topic existing = topics.get(name);
            UUID id = existing != null ? existing.id() : new UUID(seed, random.nextLong());
            topics.put(name, new TopicMetadataImage.Topic(name, id, partitions));
        }

        private TopicMetadataImage image() {
            return TopicMetadataImage.of(topics);
        }

        /** Time passes: clients whose heartbeat is due send it, slow listeners finish, the group expires the dead. */
        private void advanceTime(long ms) {
            now += ms;
            group.expireMembers(now);
            for (SimulatedConsumer consumer : new ArrayList<>(live.values())) {
                if (consumer.revocationSinceMs >= 0 && (now - consumer.revocationSinceMs >= SLOW_LISTENER_MS
                        || random.nextInt(3) == 0)) {
                    consumer.reconcile();
                }
                if (consumer.nextHeartbeatMs <= now) {
                    consumer.heartbeat(group, now);
                    consumer.nextHeartbeatMs = now + CONFIG.heartbeatIntervalMs();
                }
                check();
            }
        }

        /** Churn stops; everyone heartbeats every interval and finishes its listeners until the group settles. */
        private void quiesce() {
            for (int round = 0; round < 60; round++) {
                now += CONFIG.heartbeatIntervalMs();
                group.expireMembers(now);
                for (SimulatedConsumer consumer : live.values()) {
                    consumer.reconcile();
                    consumer.heartbeat(group, now);
                    check();
                }
                if (settled()) {
                    assertEverySubscribedPartitionOwnedOnce();
                    return;
                }
            }
            fail(context("group did not settle; state " + group.state() + ", members " + group.members()
                    + ", clients " + live.values()));
        }

        private boolean settled() {
            if (group.state() != ConsumerGroupState.STABLE || group.members().size() != live.size()) {
                return false;
            }
            for (SimulatedConsumer consumer : live.values()) {
                if (!consumer.owned.equals(group.targetAssignment().of(consumer.memberId))) {
                    return false;
                }
            }
            return true;
        }

        private void assertEverySubscribedPartitionOwnedOnce() {
            Set<TopicIdPartition> expected = new HashSet<>();
            for (ConsumerGroupMember member : group.members()) {
                for (UUID topicId : member.subscribedTopicIds()) {
                    int count = group.topics().byId(topicId).orElseThrow().partitionCount();
                    for (int p = 0; p < count; p++) {
                        expected.add(new TopicIdPartition(topicId, p));
                    }
                }
            }
            Map<TopicIdPartition, String> owners = new HashMap<>();
            for (SimulatedConsumer consumer : live.values()) {
                for (TopicIdPartition tp : consumer.owned.partitionList()) {
                    String other = owners.put(tp, consumer.memberId);
                    assertTrue(other == null, context(tp + " owned by " + other + " and " + consumer.memberId));
                }
            }
            assertEquals(expected, owners.keySet(), context("owned partitions once stable"));
        }

        private void check() {
            Map<TopicIdPartition, String> clientOwners = new HashMap<>();
            for (SimulatedConsumer consumer : live.values()) {
                for (TopicIdPartition tp : consumer.owned.partitionList()) {
                    String other = clientOwners.put(tp, consumer.memberId);
                    if (other != null) {
                        fail(context("partition " + tp + " owned by clients " + other + " and " + consumer.memberId));
                    }
                }
                if (!consumer.owned.isEmpty()) {
                    ConsumerGroupMember member = group.member(consumer.memberId).orElse(null);
                    if (member == null) {
                        fail(context("client " + consumer + " owns partitions but is not a member"));
                    }
                    Assignment held = member.assignedPartitions().union(member.partitionsPendingRevocation());
                    if (!held.containsAll(consumer.owned)) {
                        fail(context("client " + consumer + " owns more than the group lets it hold: " + member));
                    }
                }
            }
            Map<TopicIdPartition, String> groupHolders = new HashMap<>();
            Map<TopicIdPartition, String> targetHolders = new HashMap<>();
            for (ConsumerGroupMember member : group.members()) {
                Assignment held = member.assignedPartitions().union(member.partitionsPendingRevocation());
                for (TopicIdPartition tp : held.partitionList()) {
                    String other = groupHolders.put(tp, member.memberId());
                    if (other != null) {
                        fail(context("group lets " + other + " and " + member.memberId() + " hold " + tp));
                    }
                }
                for (TopicIdPartition tp : group.targetAssignment().of(member.memberId()).partitionList()) {
                    String other = targetHolders.put(tp, member.memberId());
                    if (other != null || !member.subscribedTopicIds().contains(tp.topicId())) {
                        fail(context("bad target for " + tp + ": " + other + ", " + member));
                    }
                }
                if (member.memberEpoch() > group.groupEpoch()) {
                    fail(context("member epoch above group epoch: " + member));
                }
            }
            assertEquals(group.groupEpoch(), group.assignmentEpoch(), context("target computed for the group epoch"));
        }

        private String context(String message) {
            return "seed " + seed + ", step " + step + ": " + message;
        }
    }
}
