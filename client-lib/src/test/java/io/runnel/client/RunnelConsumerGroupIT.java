package io.runnel.client;

import io.runnel.junit.RunnelBootstrap;
import io.runnel.junit.RunnelBrokerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumer groups with RunnelConsumer, for both group protocols: how partitions are shared, taken over, committed
 * and handed over. Runs against Runnel (EmbeddedBroker) and, unchanged, against Apache Kafka 4.x.
 */
@ExtendWith(RunnelBrokerExtension.class)
class RunnelConsumerGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RunnelBootstrap
    static String bootstrap;
    private final List<RunnelConsumer> open = new ArrayList<>();

    @AfterEach
    void closeConsumers() {
        for (RunnelConsumer consumer : open) {
            try {
                consumer.close(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // Already closed or abandoned by the test.
            }
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private RunnelConsumer consumer(String group, GroupProtocol protocol) {
        RunnelConsumer consumer = RunnelConsumer.builder().bootstrap(bootstrap).groupId(group)
                .groupProtocol(protocol).autoOffsetReset(OffsetReset.EARLIEST)
                .sessionTimeout(Duration.ofSeconds(6)).heartbeatInterval(Duration.ofMillis(500))
                .metadataMaxAge(Duration.ofSeconds(1)).build();
        open.add(consumer);
        return consumer;
    }

    /** Polls every consumer briefly, keeping what each received, until {@code done} holds. */
    private static void pollUntil(List<RunnelConsumer> consumers, Map<RunnelConsumer, List<ConsumerRecord>> received,
                                  java.util.function.BooleanSupplier done) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> {
            for (RunnelConsumer consumer : consumers) {
                for (ConsumerRecord record : consumer.poll(Duration.ofMillis(50))) {
                    received.computeIfAbsent(consumer, c -> new ArrayList<>()).add(record);
                }
            }
            return done.getAsBoolean();
        });
    }

    private static void pollUntil(List<RunnelConsumer> consumers, java.util.function.BooleanSupplier done) {
        pollUntil(consumers, new HashMap<>(), done);
    }

    private static List<Integer> sizes(List<RunnelConsumer> consumers) {
        List<Integer> sizes = new ArrayList<>();
        for (RunnelConsumer consumer : consumers) {
            sizes.add(consumer.assignment().size());
        }
        Collections.sort(sizes);
        return sizes;
    }

    /** Every partition of {@code topic} is owned by exactly one of the consumers. */
    private static boolean coversOnce(List<RunnelConsumer> consumers, String topic, int partitions) {
        Set<TopicPartition> seen = new HashSet<>();
        int total = 0;
        for (RunnelConsumer consumer : consumers) {
            seen.addAll(consumer.assignment());
            total += consumer.assignment().size();
        }
        return total == partitions && seen.size() == partitions
                && seen.stream().allMatch(tp -> tp.topic().equals(topic));
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void threePartitionsAreSharedTwoPlusOneThenOneEachAndAFourthMemberIdles(GroupProtocol protocol) {
        String topic = unique("seed");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 3);
        List<RunnelConsumer> members = new ArrayList<>();
        members.add(consumer(group, protocol));
        members.add(consumer(group, protocol));
        for (RunnelConsumer member : members) {
            member.subscribe(List.of(topic));
        }
        pollUntil(members, () -> sizes(members).equals(List.of(1, 2)) && coversOnce(members, topic, 3));

        members.add(consumer(group, protocol));
        members.get(2).subscribe(List.of(topic));
        pollUntil(members, () -> sizes(members).equals(List.of(1, 1, 1)) && coversOnce(members, topic, 3));

        members.add(consumer(group, protocol));
        members.get(3).subscribe(List.of(topic));
        pollUntil(members, () -> sizes(members).equals(List.of(0, 1, 1, 1)) && coversOnce(members, topic, 3));
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void partitionsOfAMemberThatLeavesOrDiesAreTakenOver(GroupProtocol protocol) {
        String topic = unique("takeover");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 3);
        RunnelConsumer stays = consumer(group, protocol);
        RunnelConsumer leaves = consumer(group, protocol);
        stays.subscribe(List.of(topic));
        leaves.subscribe(List.of(topic));
        pollUntil(List.of(stays, leaves), () -> sizes(List.of(stays, leaves)).equals(List.of(1, 2)));

        leaves.close();
        pollUntil(List.of(stays), () -> stays.assignment().size() == 3);

        RunnelConsumer dies = consumer(group, protocol);
        dies.subscribe(List.of(topic));
        pollUntil(List.of(stays, dies), () -> sizes(List.of(stays, dies)).equals(List.of(1, 2)));
        dies.abandon();
        pollUntil(List.of(stays), () -> stays.assignment().size() == 3);
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void twoGroupsEachReadEveryRecord(GroupProtocol protocol) {
        String topic = unique("fanout");
        KafkaTestClients.createTopic(bootstrap, topic, 3);
        KafkaTestClients.produce(bootstrap, topic, 3, 10);
        RunnelConsumer first = consumer(unique("g1"), protocol);
        RunnelConsumer second = consumer(unique("g2"), protocol);
        first.subscribe(List.of(topic));
        second.subscribe(List.of(topic));
        Map<RunnelConsumer, List<ConsumerRecord>> received = new HashMap<>();
        pollUntil(List.of(first, second), received, () -> received.getOrDefault(first, List.of()).size() >= 30
                && received.getOrDefault(second, List.of()).size() >= 30);
        for (RunnelConsumer consumer : List.of(first, second)) {
            Set<String> values = new HashSet<>();
            for (ConsumerRecord record : received.get(consumer)) {
                values.add(record.valueAsString());
            }
            assertEquals(30, received.get(consumer).size(), "no record twice");
            assertEquals(30, values.size());
            assertTrue(values.contains("2-9"));
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aNewMemberResumesAfterTheCommittedOffset(GroupProtocol protocol) {
        String topic = unique("resume");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        KafkaTestClients.produce(bootstrap, topic, 1, 20);
        TopicPartition tp = new TopicPartition(topic, 0);

        RunnelConsumer first = RunnelConsumer.builder().bootstrap(bootstrap).groupId(group)
                .groupProtocol(protocol).autoOffsetReset(OffsetReset.EARLIEST).autoCommit(false)
                .maxPollRecords(3).build();
        open.add(first);
        first.subscribe(List.of(topic));
        Map<RunnelConsumer, List<ConsumerRecord>> received = new HashMap<>();
        pollUntil(List.of(first), received, () -> !received.getOrDefault(first, List.of()).isEmpty());
        List<ConsumerRecord> got = received.get(first);
        assertTrue(got.size() <= 3, "maxPollRecords bounds a poll: " + got.size());
        long next = got.get(got.size() - 1).offset() + 1;
        first.commitSync();
        assertEquals(Map.of(tp, next), first.committed(Set.of(tp)));
        first.close();

        RunnelConsumer second = consumer(group, protocol);
        second.subscribe(List.of(topic));
        Map<RunnelConsumer, List<ConsumerRecord>> rest = new HashMap<>();
        pollUntil(List.of(second), rest, () -> rest.getOrDefault(second, List.of()).size() >= 20 - next);
        assertEquals(next, rest.get(second).get(0).offset(), "starts right after the commit");
        assertEquals(20 - next, rest.get(second).size());
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void onRevokedRunsBeforeTheNextOwnerGetsThePartition(GroupProtocol protocol) {
        String topic = unique("listener");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 2);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        RunnelConsumer first = consumer(group, protocol);
        RunnelConsumer second = consumer(group, protocol);
        first.subscribe(List.of(topic), recording("first", events));
        pollUntil(List.of(first), () -> first.assignment().size() == 2);
        assertEquals(List.of("first assigned " + topic + "-0", "first assigned " + topic + "-1"), events);

        second.subscribe(List.of(topic), recording("second", events));
        pollUntil(List.of(first, second), () -> sizes(List.of(first, second)).equals(List.of(1, 1)));
        TopicPartition moved = second.assignment().iterator().next();
        int revokedAt = events.indexOf("first revoked " + moved.topic() + "-" + moved.partition());
        int assignedAt = events.indexOf("second assigned " + moved.topic() + "-" + moved.partition());
        assertTrue(revokedAt >= 0 && assignedAt > revokedAt, events.toString());
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aMemberSilentPastMaxPollIntervalLeavesAndRejoinsOnItsNextPoll(GroupProtocol protocol) {
        String topic = unique("slow");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 2);
        RunnelConsumer busy = consumer(group, protocol);
        RunnelConsumer slow = RunnelConsumer.builder().bootstrap(bootstrap).groupId(group).groupProtocol(protocol)
                .autoOffsetReset(OffsetReset.EARLIEST).sessionTimeout(Duration.ofSeconds(6))
                .heartbeatInterval(Duration.ofMillis(500)).maxPollInterval(Duration.ofSeconds(3)).build();
        open.add(slow);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        busy.subscribe(List.of(topic));
        slow.subscribe(List.of(topic), recording("slow", events));
        pollUntil(List.of(busy, slow), () -> sizes(List.of(busy, slow)).equals(List.of(1, 1)));

        // The slow member stops polling: its heartbeats go on, but past maxPollInterval it leaves the group.
        pollUntil(List.of(busy), () -> busy.assignment().size() == 2);
        pollUntil(List.of(busy, slow), () -> sizes(List.of(busy, slow)).equals(List.of(1, 1)));
        assertTrue(events.stream().anyMatch(e -> e.startsWith("slow lost") || e.startsWith("slow revoked")),
                events.toString());
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void asyncCommitCallbacksRunInALaterPollAndAutoCommitOnCloseLetsTheNextMemberResume(GroupProtocol protocol) {
        String topic = unique("async");
        String group = unique("g");
        KafkaTestClients.createTopic(bootstrap, topic, 1);
        KafkaTestClients.produce(bootstrap, topic, 1, 10);
        TopicPartition tp = new TopicPartition(topic, 0);
        RunnelConsumer first = consumer(group, protocol);
        first.subscribe(List.of(topic));
        Map<RunnelConsumer, List<ConsumerRecord>> received = new HashMap<>();
        pollUntil(List.of(first), received, () -> received.getOrDefault(first, List.of()).size() >= 10);
        List<Map<TopicPartition, Long>> committed = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        first.commitAsync((offsets, error) -> {
            committed.add(offsets);
            if (error != null) {
                errors.add(error);
            }
        });
        pollUntil(List.of(first), () -> !committed.isEmpty());
        assertEquals(List.of(Map.of(tp, 10L)), committed);
        assertTrue(errors.isEmpty(), errors.toString());

        KafkaTestClients.produce(bootstrap, topic, 1, 5);
        Map<RunnelConsumer, List<ConsumerRecord>> more = new HashMap<>();
        pollUntil(List.of(first), more, () -> more.getOrDefault(first, List.of()).size() >= 5);
        first.close();
        RunnelConsumer second = consumer(group, protocol);
        assertEquals(Map.of(tp, 15L), second.committed(Set.of(tp)), "auto-commit on close");
    }

    private static RebalanceListener recording(String name, List<String> events) {
        return new RebalanceListener() {
            @Override
            public void onAssigned(Collection<TopicPartition> partitions) {
                log("assigned", partitions);
            }

            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                log("revoked", partitions);
            }

            @Override
            public void onLost(Collection<TopicPartition> partitions) {
                log("lost", partitions);
            }

            private void log(String what, Collection<TopicPartition> partitions) {
                List<TopicPartition> sorted = new ArrayList<>(partitions);
                sorted.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
                for (TopicPartition tp : sorted) {
                    events.add(name + " " + what + " " + tp.topic() + "-" + tp.partition());
                }
            }
        };
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void aPatternSubscriptionFollowsMatchingTopicsAsTheyAppear(GroupProtocol protocol) {
        String prefix = unique("pat");
        KafkaTestClients.createTopic(bootstrap, prefix + "-a", 1);
        KafkaTestClients.createTopic(bootstrap, unique("other"), 1);
        RunnelConsumer consumer = consumer(unique("g"), protocol);
        consumer.subscribe(Pattern.compile(Pattern.quote(prefix) + "-.*"));
        pollUntil(List.of(consumer), () -> consumer.assignment().equals(Set.of(new TopicPartition(prefix + "-a", 0))));
        KafkaTestClients.createTopic(bootstrap, prefix + "-b", 2);
        pollUntil(List.of(consumer), () -> consumer.assignment().size() == 3);
        assertEquals(Set.of(prefix + "-a", prefix + "-b"), consumer.subscription());
    }
}
