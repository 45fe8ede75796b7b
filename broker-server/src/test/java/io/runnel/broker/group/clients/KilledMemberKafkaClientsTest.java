package io.runnel.broker.group.clients;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.testing.ChildProcess;
import io.runnel.broker.testing.PollingConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member in a child JVM is killed with SIGKILL (no leave is sent): after its session timeout the broker removes it
 * and the surviving member takes its partitions over, in each group protocol.
 */
class KilledMemberKafkaClientsTest {
    private static final String TOPIC = "victims";

    @ParameterizedTest
    @CsvSource({"classic, 2000", "consumer, 3000"})
    void aKilledMembersPartitionsMoveAfterItsSessionTimeout(String protocol, long sessionTimeoutMs,
                                                            @TempDir Path workDir) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.builder().config(GroupTestSettings.FAST).start()) {
            broker.broker().logs().createTopic(TOPIC, 3, Map.of());
            PollingConsumer survivor = PollingConsumer.start(broker.bootstrapServers(), "killed", protocol,
                    List.of(TOPIC), false, Map.of());
            try (ChildProcess child = ChildProcess.startTestMain(workDir, ChildConsumerMain.class.getName(),
                    broker.bootstrapServers(), "killed", protocol, TOPIC)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    Set<Integer> childOwns = lastAssignment(child);
                    Set<Integer> survivorOwns = partitions(survivor);
                    assertEquals(3, childOwns.size() + survivorOwns.size(), childOwns + " / " + survivorOwns);
                    assertTrue(!childOwns.isEmpty() && !survivorOwns.isEmpty(), childOwns + " / " + survivorOwns);
                    assertTrue(childOwns.stream().noneMatch(survivorOwns::contains));
                });
                child.signal("KILL");
                long killedAt = System.nanoTime();
                child.awaitExit(Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> partitions(survivor).size() == 3);
                long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
                // The session timer restarted at the child's last heartbeat, at most an interval before the kill.
                assertTrue(tookMs >= sessionTimeoutMs - 500, "taken over after " + tookMs + " ms, before the "
                        + sessionTimeoutMs + " ms session timeout could have passed");
                System.out.println(protocol + ": partitions of the killed member moved after " + tookMs + " ms");
            } finally {
                survivor.close();
            }
        }
    }

    private static Set<Integer> partitions(PollingConsumer member) {
        return member.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
    }

    /** The partitions the child printed last; empty before it printed any. */
    private static Set<Integer> lastAssignment(ChildProcess child) {
        List<String> lines = child.out().stream().filter(l -> l.startsWith(ChildConsumerMain.ASSIGNED)).toList();
        if (lines.isEmpty()) {
            return Set.of();
        }
        String list = lines.get(lines.size() - 1).substring(ChildConsumerMain.ASSIGNED.length()).replaceAll("[\\[\\] ]", "");
        return list.isEmpty() ? Set.of() : java.util.Arrays.stream(list.split(",")).map(Integer::valueOf)
                .collect(Collectors.toSet());
    }
}
