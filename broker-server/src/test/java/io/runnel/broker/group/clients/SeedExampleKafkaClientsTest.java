package io.runnel.broker.group.clients;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.PollingConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seed's example with kafka-clients KafkaConsumers in each group protocol: a topic with 3 partitions; a group of
 * 2 members gets 2 + 1, of 3 gets 1 + 1 + 1, a 4th member stays idle; when members leave, the rest take their
 * partitions over.
 */
class SeedExampleKafkaClientsTest {
    private static final String TOPIC = "seed";
    private static final Set<TopicPartition> ALL = Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
            new TopicPartition(TOPIC, 2));

    private EmbeddedBroker broker;
    private final List<PollingConsumer> members = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = EmbeddedBroker.builder().config(GroupTestSettings.FAST).start();
        broker.broker().logs().createTopic(TOPIC, 3, Map.of());
    }

    @AfterEach
    void stop() {
        for (PollingConsumer member : members) {
            member.close();
        }
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void partitionsAreSharedAmongMembersAndTakenOverWhenMembersLeave(String protocol) {
        PollingConsumer first = join(protocol);
        PollingConsumer second = join(protocol);
        awaitSizes(List.of(1, 2), first, second);

        PollingConsumer third = join(protocol);
        awaitSizes(List.of(1, 1, 1), first, second, third);

        PollingConsumer fourth = join(protocol);
        awaitSizes(List.of(0, 1, 1, 1), first, second, third, fourth);

        leave(first);
        awaitSizes(List.of(1, 1, 1), second, third, fourth);
        leave(second);
        leave(third);
        awaitSizes(List.of(3), fourth);
    }

    private PollingConsumer join(String protocol) {
        PollingConsumer member = PollingConsumer.start(broker.bootstrapServers(), "seed-group", protocol,
                List.of(TOPIC), false, Map.of());
        members.add(member);
        return member;
    }

    private void leave(PollingConsumer member) {
        members.remove(member);
        member.close();
    }

    /** Waits until the members' partition counts, sorted, are {@code sizes}, and together own every partition once. */
    private static void awaitSizes(List<Integer> sizes, PollingConsumer... group) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Integer> actual = new ArrayList<>();
            Set<TopicPartition> union = new HashSet<>();
            int total = 0;
            for (PollingConsumer member : group) {
                Set<TopicPartition> owned = member.assignment();
                actual.add(owned.size());
                union.addAll(owned);
                total += owned.size();
            }
            actual.sort(Integer::compare);
            assertEquals(sizes, actual);
            assertEquals(ALL, union);
            assertEquals(ALL.size(), total, "no partition owned twice");
        });
    }
}
