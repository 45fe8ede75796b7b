package io.runnel.cli;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.runnel.cli.CliRun.against;
import static io.runnel.cli.CliRun.run;
import static io.runnel.cli.CliRun.withInput;
import static io.runnel.cli.JsonParser.list;
import static io.runnel.cli.JsonParser.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code runnel produce}, {@code consume} and {@code perf} end to end: what one writes the other reads back, keys,
 * partitions, headers, compression, start offsets, group commits of exactly what was printed, perf reports.
 */
class RecordCommandsIT extends BrokerIT {
    private static CliRun produce(String input, String... args) {
        return withInput(input, against(bootstrap, args));
    }

    private static String topic(int partitions) {
        String topic = unique("cli-records");
        assertEquals(0, cli("topics", "create", topic, "-p", String.valueOf(partitions)).exit());
        return topic;
    }

    @Test
    void keyedLinesGoToOnePartitionPerKeyAndComeBackInOrder() {
        String topic = topic(3);
        String input = "alice:1\nbob:2\ncarol:3\nalice:4\nbob:5\nalice:6\n";
        CliRun produced = produce(input, "produce", topic, "--key-separator", ":");
        assertEquals(0, produced.exit(), produced.toString());
        assertEquals("", produced.out());
        assertTrue(produced.err().startsWith("Produced 6 records to " + topic + ": partition "), produced.err());

        CliRun consumed = cli("consume", topic, "--from-beginning", "--format", "%p %o %k=%v", "--timeout-ms", "2000");
        assertEquals(0, consumed.exit(), consumed.toString());
        assertEquals(6, consumed.lines().size(), consumed.toString());
        assertEquals("Consumed 6 records (nothing arrived for 2000 ms).", consumed.err().trim());
        Map<String, String> partitionOfKey = new HashMap<>();
        Map<String, StringBuilder> valuesOfKey = new HashMap<>();
        Map<String, Long> nextOffset = new HashMap<>();
        for (String line : consumed.lines()) {
            String[] parts = line.split(" ");
            String[] kv = parts[2].split("=");
            String previous = partitionOfKey.putIfAbsent(kv[0], parts[0]);
            assertTrue(previous == null || previous.equals(parts[0]), "key " + kv[0] + " in two partitions");
            valuesOfKey.computeIfAbsent(kv[0], k -> new StringBuilder()).append(kv[1]);
            assertEquals(nextOffset.getOrDefault(parts[0], 0L), Long.parseLong(parts[1]), line);
            nextOffset.put(parts[0], Long.parseLong(parts[1]) + 1);
        }
        assertEquals("146", valuesOfKey.get("alice").toString());
        assertEquals("25", valuesOfKey.get("bob").toString());
        assertEquals("3", valuesOfKey.get("carol").toString());
    }

    @Test
    void syncPrintsEachOffsetAndHeadersAndCompressionSurviveTheRoundTrip() {
        String topic = topic(2);
        CliRun produced = produce("a\nb\nc\n", "produce", topic, "--partition", "1", "--sync", "-o", "json",
                "--header", "source=cli", "-H", "trace=t-1", "--compression", "zstd", "--acks", "1");
        assertEquals(0, produced.exit(), produced.toString());
        List<String> lines = produced.lines();
        assertEquals(3, lines.size(), produced.toString());
        for (int i = 0; i < 3; i++) {
            Map<String, Object> ack = object(JsonParser.parse(lines.get(i)));
            assertEquals(1L, ack.get("partition"));
            assertEquals((long) i, ack.get("offset"));
        }
        assertEquals("Produced 3 records to " + topic + ": partition 1 offsets 0..2.", produced.err().trim());

        CliRun json = cli("consume", topic, "--partition", "1", "--offset", "start", "-n", "3", "-o", "json");
        assertEquals(0, json.exit(), json.toString());
        Map<String, Object> first = object(JsonParser.parse(json.lines().get(0)));
        assertEquals(List.of("topic", "partition", "offset", "timestamp", "key", "value", "headers"),
                List.copyOf(first.keySet()));
        assertEquals("a", first.get("value"));
        assertEquals(null, first.get("key"));
        assertEquals(List.of(Map.of("key", "source", "value", "cli"), Map.of("key", "trace", "value", "t-1")),
                first.get("headers"));
        assertEquals(List.of("c"), cli("consume", topic, "-p", "1", "--offset", "-1", "-n", "1").lines());
        assertEquals(List.of("b source=cli,trace=t-1"),
                cli("consume", topic, "-p", "1", "--offset", "1", "-n", "1", "-f", "%v %h").lines());
    }

    @Test
    void consumeFromATimeStartsAtTheFirstRecordAtOrAfterIt() {
        String topic = topic(1);
        long start = System.currentTimeMillis() - 60_000;
        CliKafkaOracle.produce(bootstrap, topic, 0, 5, start);
        CliRun result = cli("consume", topic, "--offset", "@" + java.time.Instant.ofEpochMilli(start + 3), "-n", "5",
                "--timeout-ms", "1500", "-f", "%o:%v:%T");
        assertEquals(List.of("3:v3:" + (start + 3), "4:v4:" + (start + 4)), result.lines(), result.toString());
    }

    @Test
    void aGroupCommitsExactlyWhatWasPrintedAndTheNextRunGoesOnFromThere() {
        String topic = topic(1);
        String group = unique("cli-consume-group");
        assertEquals(0, produce("r0\nr1\nr2\nr3\nr4\n", "produce", topic).exit());
        CliRun first = cli("consume", topic, "--group", group, "--from-beginning", "-n", "2");
        assertEquals(List.of("r0", "r1"), first.lines(), first.toString());
        assertEquals("Consumed 2 records; committed for group " + group + ".", first.err().trim());
        Map<String, Object> described = object(cli("groups", "describe", group, "-o", "json").json());
        assertEquals(Map.of("topic", topic, "partition", 0L, "committed", 2L, "end", 5L, "lag", 3L),
                withoutOwner(object(list(described.get("offsets")).get(0))));

        CliRun rest = cli("consume", topic, "--group", group, "--timeout-ms", "1500");
        assertEquals(List.of("r2", "r3", "r4"), rest.lines(), rest.toString());
        assertEquals(0L, object(cli("groups", "describe", group, "-o", "json").json()).get("totalLag"));
    }

    private static Map<String, Object> withoutOwner(Map<String, Object> row) {
        Map<String, Object> copy = new HashMap<>(row);
        copy.remove("memberId");
        copy.remove("clientId");
        return copy;
    }

    @Test
    void consumeWithoutFromBeginningStartsAtTheEnd() {
        String topic = topic(1);
        assertEquals(0, produce("old\n", "produce", topic).exit());
        CliRun result = cli("consume", topic, "--timeout-ms", "500");
        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.out());
        assertEquals("Consumed 0 records (nothing arrived for 500 ms).", result.err().trim());
    }

    @Test
    void consumeErrorsAndBadUsage() {
        String missing = unique("cli-missing");
        CliRun unknown = cli("consume", missing, "--timeout-ms", "500");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().startsWith("error: topic " + missing + " does not exist"), unknown.toString());

        String topic = topic(2);
        CliRun partition = cli("consume", topic, "--partition", "5");
        assertEquals(1, partition.exit(), partition.toString());
        assertTrue(partition.err().startsWith("error: partition 5 of topic " + topic + " does not exist (it has 2)"),
                partition.toString());
        for (String[] bad : List.of(new String[]{"consume", topic, "--group", "g", "--offset", "start"},
                new String[]{"consume", topic, "--from-beginning", "--offset", "3"},
                new String[]{"consume", topic, "--format", "%x"},
                new String[]{"consume", topic, "--offset", "later"},
                new String[]{"produce", topic, "--acks", "2"})) {
            CliRun result = cli(bad);
            assertEquals(2, result.exit(), String.join(" ", bad) + ": " + result);
            assertTrue(result.err().startsWith("error: "), result.toString());
        }
    }

    @Test
    void perfProduceAndConsumeReportInKafkasUnits() {
        String topic = topic(2);
        CliRun produced = cli("perf", "produce", "--topic", topic, "--records", "600", "--record-size", "50",
                "--producers", "2", "--throughput", "3000", "-o", "json");
        assertEquals(0, produced.exit(), produced.toString());
        Map<String, Object> report = object(produced.json());
        assertEquals(600L, report.get("records"));
        assertEquals(30000L, report.get("bytes"));
        assertEquals(0L, report.get("failed"));
        Map<String, Object> latency = object(report.get("latencyMs"));
        assertEquals(List.of("avg", "p50", "p95", "p99", "p999", "max"), List.copyOf(latency.keySet()));
        double p50 = ((Number) latency.get("p50")).doubleValue();
        double max = ((Number) latency.get("max")).doubleValue();
        assertTrue(p50 > 0 && p50 <= max, latency.toString());
        Map<String, Object> described = object(cli("topics", "describe", topic, "-o", "json").json());
        long total = 0;
        for (Object p : list(described.get("partitions"))) {
            total += (Long) object(p).get("records");
        }
        assertEquals(600, total);

        CliRun consumed = cli("perf", "consume", "--topic", topic, "--records", "600");
        assertEquals(0, consumed.exit(), consumed.toString());
        assertTrue(consumed.out().trim().matches("600 records received, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), "
                + "[0-9.]+ ms avg latency, [0-9.]+ ms max latency, [0-9.]+ ms 50th, [0-9.]+ ms 95th, [0-9.]+ ms 99th, "
                + "[0-9.]+ ms 99.9th\\."), consumed.out());

        CliRun tooMany = cli("perf", "consume", "--topic", topic, "--records", "700", "--timeout", "1s", "-o",
                "json");
        assertEquals(0, tooMany.exit(), tooMany.toString());
        assertEquals(600L, object(tooMany.json()).get("records"));
        assertTrue(tooMany.err().startsWith("WARNING: stopped after 600 of 700 records"), tooMany.toString());
    }

    @Test
    void produceToAnUnreachableBrokerFailsWithOneLineWithinTheTimeout() {
        CliRun result = withInput("a\n", "produce", "anything", "-b", "127.0.0.1:1", "--timeout", "1s");
        assertEquals(1, result.exit(), result.toString());
        assertEquals("error: cannot reach the broker at 127.0.0.1:1 within 1s: connection refused",
                result.err().trim());
        CliRun perf = run("perf", "produce", "-t", "anything", "--records", "1", "--record-size", "1", "-b",
                "127.0.0.1:1", "--timeout", "1s");
        assertEquals(1, perf.exit(), perf.toString());
        assertEquals("error: cannot reach the broker at 127.0.0.1:1 within 1s: connection refused", perf.err().trim());
    }
}
