package io.runnel.broker.group.clients;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.PollingConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kafka-clients Admin calls that tools such as kafka-consumer-groups.sh make, on a group of each protocol: list,
 * describe (members and assignments), committed offsets, resetting them, deleting offsets and groups.
 */
class AdminGroupsKafkaClientsTest {
    private static final String TOPIC = "admin-groups";

    @Test
    void toolsListDescribeResetAndDeleteGroupsOfBothProtocols() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config(GroupTestSettings.FAST).start();
             Admin admin = admin(broker)) {
            broker.broker().logs().createTopic(TOPIC, 3, Map.of());
            PollingConsumer classic = PollingConsumer.start(broker.bootstrapServers(), "old-style", "classic",
                    List.of(TOPIC), false, Map.of("client.id", "classic-app"));
            PollingConsumer modern = PollingConsumer.start(broker.bootstrapServers(), "new-style", "consumer",
                    List.of(TOPIC), false, Map.of("client.id", "modern-app"));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> classic.assignment().size() == 3
                        && modern.assignment().size() == 3);

                Map<String, GroupType> listed = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .collect(Collectors.toMap(GroupListing::groupId, l -> l.type().orElseThrow()));
                assertEquals(Map.of("old-style", GroupType.CLASSIC, "new-style", GroupType.CONSUMER), listed);

                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(
                        List.of("old-style", "new-style")).all().get(10, TimeUnit.SECONDS);
                for (String group : List.of("old-style", "new-style")) {
                    ConsumerGroupDescription d = described.get(group);
                    assertEquals(GroupState.STABLE, d.groupState(), group);
                    assertEquals(1, d.coordinator().id());
                    MemberDescription member = d.members().iterator().next();
                    assertEquals(group.equals("old-style") ? "classic-app" : "modern-app", member.clientId());
                    assertEquals(Set.of(0, 1, 2), member.assignment().topicPartitions().stream()
                            .map(TopicPartition::partition).collect(Collectors.toSet()), group);
                }
                assertEquals(GroupType.CONSUMER, described.get("new-style").type());
                assertEquals("uniform", described.get("new-style").partitionAssignor());

                // Offsets cannot be reset under running members; a group must be empty to be deleted.
                ExecutionException notEmpty = assertThrows(ExecutionException.class,
                        () -> admin.deleteConsumerGroups(List.of("old-style")).all().get(10, TimeUnit.SECONDS));
                assertInstanceOf(GroupNotEmptyException.class, notEmpty.getCause());
            } finally {
                classic.close();
                modern.close();
            }

            for (String group : List.of("old-style", "new-style")) {
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(TOPIC, 0),
                        new OffsetAndMetadata(7, "reset by a tool"))).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                assertEquals(7, offsets.get(new TopicPartition(TOPIC, 0)).offset(), group);
                assertEquals("reset by a tool", offsets.get(new TopicPartition(TOPIC, 0)).metadata(), group);
                admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(TOPIC, 0)))
                        .all().get(10, TimeUnit.SECONDS);
                assertEquals(Map.of(), new TreeMap<>(admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)), group);
            }
            admin.deleteConsumerGroups(List.of("old-style", "new-style")).all().get(10, TimeUnit.SECONDS);
            assertTrue(admin.listGroups().all().get(10, TimeUnit.SECONDS).isEmpty());
        }
    }

    private static Admin admin(EmbeddedBroker broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return Admin.create(props);
    }
}
