package io.runnel.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.runnel.cli.CliRun.against;
import static io.runnel.cli.JsonParser.list;
import static io.runnel.cli.JsonParser.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code runnel topics ...} end to end through picocli against the extension's broker (or, under the
 * external-cluster profile, Apache Kafka): table and JSON content, exit codes and error lines.
 */
class TopicCommandsIT extends BrokerIT {
    @Test
    void createdTopicIsListedAndDescribedInTableAndJson() {
        String topic = unique("cli-create");
        CliRun created = cli("topics", "create", topic, "--partitions", "3", "--config", "retention.ms=3600000");
        assertEquals(0, created.exit(), created.toString());
        assertEquals("Created topic " + topic + " with 3 partitions and configs {retention.ms=3600000}.",
                created.out().trim());

        CliRun listed = cli("topics", "list");
        assertEquals(0, listed.exit(), listed.toString());
        assertTrue(listed.lines().contains(topic), listed.toString());
        assertFalse(listed.lines().contains("__consumer_offsets"), listed.toString());
        List<Object> names = list(object(cli("topics", "list", "-o", "json").json()).get("topics"));
        assertTrue(names.contains(topic), names.toString());

        CliRun described = cli("topics", "describe", topic);
        assertEquals(0, described.exit(), described.toString());
        List<String> lines = described.lines();
        assertEquals("Topic:      " + topic, lines.get(0));
        assertTrue(lines.get(2).startsWith("Partitions: 3"), described.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("retention\\.ms\\s+3600000\\s+topic")),
                described.toString());
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("PARTITION")).findFirst().orElseThrow());
        assertEquals(List.of("PARTITION", "LEADER", "REPLICAS", "ISR", "EARLIEST", "LATEST", "RECORDS", "SIZE"),
                List.of(lines.get(header).split("\\s+")));
        for (int p = 0; p < 3; p++) {
            String[] cells = lines.get(header + 1 + p).trim().split("\\s+");
            assertEquals(String.valueOf(p), cells[0]);
            assertEquals(List.of("0", "0", "0", "0"), List.of(cells).subList(4, 8), lines.get(header + 1 + p));
        }
        lines.forEach(line -> assertTrue(line.length() <= 100, line));

        Map<String, Object> json = object(cli("topics", "describe", topic, "-o", "json").json());
        assertEquals(topic, json.get("topic"));
        assertEquals(36, ((String) json.get("id")).length());
        assertEquals(false, json.get("internal"));
        assertEquals(Map.of("name", "retention.ms", "value", "3600000", "source", "topic"),
                list(json.get("configs")).stream().map(JsonParser::object)
                        .filter(c -> c.get("name").equals("retention.ms")).findFirst().orElseThrow());
        List<Object> partitions = list(json.get("partitions"));
        assertEquals(3, partitions.size());
        Map<String, Object> first = object(partitions.get(0));
        assertEquals(List.of("partition", "leader", "replicas", "isr", "earliest", "latest", "records", "sizeBytes"),
                List.copyOf(first.keySet()));
        assertEquals(0L, first.get("partition"));
        assertEquals(0L, first.get("records"));
        assertEquals(0L, first.get("sizeBytes"));
    }

    @Test
    void alterGrowsTheTopicAndSetsAndDeletesConfigs() {
        String topic = unique("cli-alter");
        assertEquals(0, cli("topics", "create", topic, "-p", "1").exit());
        CliRun altered = cli("topics", "alter", topic, "--partitions", "4", "--config", "retention.ms=60000");
        assertEquals(0, altered.exit(), altered.toString());
        assertEquals(List.of("Topic " + topic + " now has 4 partitions.", "Set on " + topic + ": {retention.ms=60000}"),
                altered.lines());
        Map<String, Object> json = object(cli("topics", "describe", topic, "-o", "json").json());
        assertEquals(4, list(json.get("partitions")).size());
        assertTrue(list(json.get("configs")).contains(Map.of("name", "retention.ms", "value", "60000",
                "source", "topic")), json.toString());

        CliRun reverted = cli("topics", "alter", topic, "--delete-config", "retention.ms", "-o", "json");
        assertEquals(0, reverted.exit(), reverted.toString());
        assertEquals(List.of("retention.ms"), object(reverted.json()).get("deleted"));
        json = object(cli("topics", "describe", topic, "-o", "json").json());
        assertTrue(list(json.get("configs")).stream().map(JsonParser::object)
                .noneMatch(c -> c.get("name").equals("retention.ms")), json.toString());
    }

    @Test
    void deletedTopicIsGoneAndDescribingItFailsWithExit1() {
        String topic = unique("cli-delete");
        assertEquals(0, cli("topics", "create", topic, "-p", "1").exit());
        CliRun deleted = cli("topics", "delete", topic, "-o", "json");
        assertEquals(0, deleted.exit(), deleted.toString());
        assertEquals(Map.of("topic", topic, "deleted", true), deleted.json());
        assertFalse(cli("topics", "list").lines().contains(topic));

        CliRun missing = cli("topics", "describe", topic);
        assertEquals(1, missing.exit(), missing.toString());
        assertEquals("", missing.out());
        assertEquals("error: topic " + topic + " does not exist (UNKNOWN_TOPIC_OR_PARTITION)", missing.err().trim());
    }

    @Test
    void unknownTopicFailsEveryTopicCommandWithOneLine() {
        String topic = unique("cli-unknown");
        for (String[] args : List.of(new String[]{"topics", "delete", topic},
                new String[]{"topics", "alter", topic, "--config", "retention.ms=1000"})) {
            CliRun result = cli(args);
            assertEquals(1, result.exit(), result.toString());
            assertEquals(1, result.err().lines().count(), result.toString());
            assertTrue(result.err().startsWith("error: ") && result.err().contains(topic), result.toString());
        }
    }

    @Test
    void creatingAnExistingTopicFailsWithExit1NamingIt() {
        String topic = unique("cli-exists");
        assertEquals(0, cli("topics", "create", topic, "-p", "1").exit());
        CliRun again = cli("topics", "create", topic, "-p", "1");
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().startsWith("error: ") && again.err().contains(topic)
                && again.err().contains("TOPIC_ALREADY_EXISTS"), again.toString());
    }

    @Test
    void zeroPartitionsIsABadUsageAndCreatesNothing() {
        String topic = unique("cli-zero");
        CliRun result = cli("topics", "create", topic, "--partitions", "0");
        assertEquals(2, result.exit(), result.toString());
        assertTrue(result.err().startsWith("error: --partitions must be at least 1, got 0"), result.toString());
        assertFalse(cli("topics", "list").lines().contains(topic));
    }

    @Test
    void trimDeletesRecordsBeforeAnOffsetAndDescribeShowsTheNewStartAndSize() {
        String topic = unique("cli-trim");
        assertEquals(0, cli("topics", "create", topic, "-p", "1").exit());
        CliRun produced = CliRun.withInput("a\nb\nc\nd\ne\nf\ng\n", against(bootstrap, "produce", topic));
        assertEquals(0, produced.exit(), produced.toString());
        CliRun trimmed = cli("topics", "trim", topic, "--partition", "0", "--before", "5");
        assertEquals(0, trimmed.exit(), trimmed.toString());
        assertEquals("Partition 0 of " + topic + " now starts at 5.", trimmed.out().trim());
        assertEquals(Map.of("topic", topic, "partition", 0L, "earliest", 5L),
                object(cli("topics", "trim", topic, "--partition", "0", "--before", "5", "-o", "json").json()));

        Map<String, Object> partition = object(list(object(cli("topics", "describe", topic, "-o", "json").json())
                .get("partitions")).get(0));
        assertEquals(5L, partition.get("earliest"));
        assertEquals(7L, partition.get("latest"));
        assertEquals(2L, partition.get("records"));
        assertTrue((Long) partition.get("sizeBytes") > 7, partition.toString());
        assertEquals(List.of("f", "g"), cli("consume", topic, "--from-beginning", "-n", "2").lines());

        CliRun past = cli("topics", "trim", topic, "--partition", "0", "--before", "8");
        assertEquals(1, past.exit(), past.toString());
        assertTrue(past.err().startsWith("error: ") && past.err().contains("OFFSET_OUT_OF_RANGE"), past.toString());
        assertEquals(1, past.err().lines().count(), past.toString());
    }
}
