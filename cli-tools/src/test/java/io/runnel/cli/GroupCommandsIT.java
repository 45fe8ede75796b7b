package io.runnel.cli;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.runnel.cli.CliRun.against;
import static io.runnel.cli.CliRun.run;
import static io.runnel.cli.JsonParser.list;
import static io.runnel.cli.JsonParser.object;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code runnel groups ...} against a group whose members and commits Kafka's own consumer makes: the 2 + 1 split and
 * the lag in describe, resets (dry run, then executed) and their refusal while members are active, delete.
 */
class GroupCommandsIT extends BrokerIT {
    private static Map<String, Object> describe(String group) {
        CliRun result = cli("groups", "describe", group, "-o", "json");
        assertEquals(0, result.exit(), result.toString());
        return object(result.json());
    }

    @Test
    void describeShowsTheSplitAndTheLagThenResetsAndDeleteWorkOnceTheGroupIsEmpty() {
        String topic = unique("cli-group");
        String group = unique("cli-group");
        assertEquals(0, cli("topics", "create", topic, "-p", "3").exit());
        long start = System.currentTimeMillis() - 60_000;
        for (int p = 0; p < 3; p++) {
            CliKafkaOracle.produce(bootstrap, topic, p, 4, start + p * 1000L);
        }
        try (KafkaConsumer<String, String> a = CliKafkaOracle.member(bootstrap, group, "member-a", topic);
             KafkaConsumer<String, String> b = CliKafkaOracle.member(bootstrap, group, "member-b", topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(50));
                b.poll(Duration.ofMillis(50));
                return a.assignment().size() + b.assignment().size() == 3 && !a.assignment().isEmpty()
                        && !b.assignment().isEmpty();
            });
            for (KafkaConsumer<String, String> member : List.of(a, b)) {
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                member.assignment().forEach(tp -> commits.put(tp, new OffsetAndMetadata(1)));
                member.commitSync(commits);
            }
            Map<String, Object> json = await().atMost(Duration.ofSeconds(30)).until(() -> describe(group),
                    d -> list(d.get("members")).size() == 2 && "Stable".equals(d.get("state")));
            assertEquals(group, json.get("group"));
            assertEquals("consumer", json.get("protocol"));
            List<Long> split = new ArrayList<>();
            for (Object m : list(json.get("members"))) {
                split.add((long) list(object(m).get("partitions")).size());
            }
            split.sort(null);
            assertEquals(List.of(1L, 2L), split);
            List<Object> offsets = list(json.get("offsets"));
            assertEquals(3, offsets.size());
            for (int p = 0; p < 3; p++) {
                Map<String, Object> row = object(offsets.get(p));
                assertEquals(topic, row.get("topic"));
                assertEquals((long) p, row.get("partition"));
                assertEquals(1L, row.get("committed"));
                assertEquals(4L, row.get("end"));
                assertEquals(3L, row.get("lag"));
                assertTrue(List.of("member-a", "member-b").contains(row.get("clientId")), row.toString());
            }
            assertEquals(9L, json.get("totalLag"));

            CliRun table = cli("groups", "describe", group);
            assertEquals(0, table.exit(), table.toString());
            assertTrue(table.lines().contains("State:    Stable"), table.toString());
            assertTrue(table.lines().contains("Total lag: 9"), table.toString());
            assertTrue(table.lines().stream().anyMatch(l -> l.matches(topic + "\\s+0\\s+1\\s+4\\s+3\\s+member-[ab]")),
                    table.toString());
            assertTrue(table.lines().stream().anyMatch(l -> l.contains("member-a") && l.contains(topic + ": ")),
                    table.toString());
            table.lines().forEach(line -> assertTrue(line.length() <= 100, line));

            CliRun listed = cli("groups", "list");
            assertTrue(listed.lines().stream().anyMatch(l -> l.matches(group + "\\s+consumer\\s+Stable")),
                    listed.toString());

            CliRun refused = cli("groups", "reset-offsets", group, "--topic", topic, "--to-earliest");
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().startsWith("error: cannot reset offsets of group " + group + ": it has 2 active"),
                    refused.toString());
            assertTrue(refused.err().contains("NON_EMPTY_GROUP"), refused.toString());
            CliRun notDeleted = cli("groups", "delete", group);
            assertEquals(1, notDeleted.exit(), notDeleted.toString());
            assertTrue(notDeleted.err().contains("NON_EMPTY_GROUP"), notDeleted.toString());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> list(describe(group).get("members")).isEmpty());

        CliRun dryRun = cli("groups", "reset-offsets", group, "--topic", topic, "--to-earliest");
        assertEquals(0, dryRun.exit(), dryRun.toString());
        assertTrue(dryRun.lines().stream().anyMatch(l -> l.matches(topic + "\\s+2\\s+1\\s+0")), dryRun.toString());
        assertTrue(dryRun.out().contains("Dry run: nothing was committed"), dryRun.toString());
        assertEquals(9L, describe(group).get("totalLag"), "a dry run commits nothing");

        CliRun executed = cli("groups", "reset-offsets", group, "--topic", topic, "--shift-by", "-1", "--execute",
                "-o", "json");
        assertEquals(0, executed.exit(), executed.toString());
        Map<String, Object> reset = object(executed.json());
        assertEquals(true, reset.get("executed"));
        assertEquals(Map.of("topic", topic, "partition", 1L, "old", 1L, "new", 0L),
                list(reset.get("partitions")).get(1));
        assertEquals(12L, describe(group).get("totalLag"));

        // Partition p's records carry timestamps start + p*1000 + 0..3.
        CliRun byTime = cli("groups", "reset-offsets", group, "--topic", topic, "--to-datetime",
                java.time.Instant.ofEpochMilli(start + 1002).toString(), "--execute", "-o", "json");
        assertEquals(0, byTime.exit(), byTime.toString());
        List<Object> moved = list(object(byTime.json()).get("partitions"));
        assertEquals(List.of(4L, 2L, 0L), moved.stream().map(p -> object(p).get("new")).toList());

        assertEquals(0, cli("groups", "reset-offsets", group, "-t", topic, "--to-offset", "3", "--execute").exit());
        assertEquals(3L, describe(group).get("totalLag"));
        assertEquals(0, cli("groups", "reset-offsets", group, "-t", topic, "--to-latest", "--execute").exit());
        assertEquals(0L, describe(group).get("totalLag"));

        CliRun deleted = cli("groups", "delete", group);
        assertEquals(0, deleted.exit(), deleted.toString());
        assertEquals("Deleted group " + group + ".", deleted.out().trim());
        assertFalse(cli("groups", "list").out().contains(group));
    }

    @Test
    void unknownGroupAndUnknownTopicFailWithExit1() {
        String group = unique("cli-no-group");
        CliRun describe = cli("groups", "describe", group);
        assertEquals(1, describe.exit(), describe.toString());
        assertEquals("error: group " + group + " does not exist", describe.err().trim());

        String topic = unique("cli-no-topic");
        CliRun reset = cli("groups", "reset-offsets", group, "--topic", topic, "--to-earliest");
        assertEquals(1, reset.exit(), reset.toString());
        assertTrue(reset.err().startsWith("error: topic " + topic + " does not exist"), reset.toString());
    }

    @Test
    void resetNeedsExactlyOneTarget() {
        CliRun none = cli("groups", "reset-offsets", "g", "--topic", "t");
        assertEquals(2, none.exit(), none.toString());
        CliRun two = cli("groups", "reset-offsets", "g", "--topic", "t", "--to-earliest", "--to-latest");
        assertEquals(2, two.exit(), two.toString());
        assertTrue(two.err().contains("mutually exclusive"), two.toString());
        CliRun badTime = cli("groups", "reset-offsets", "g", "--topic", "t", "--to-datetime", "yesterday");
        assertEquals(2, badTime.exit(), badTime.toString());
        assertTrue(badTime.err().startsWith("error: --to-datetime 'yesterday' is not an ISO date-time"),
                badTime.toString());
    }
}
