package io.runnel.cli.perf;

import io.runnel.cli.ClientCommand;
import io.runnel.cli.Terminal;
import io.runnel.cli.output.Json;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.ConsumerRecords;
import io.runnel.client.OffsetReset;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.RunnelConsumer;
import io.runnel.client.TopicPartition;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code runnel perf consume}: reads {@code --records} records from the start of every partition (or, with
 * {@code --group}, from the group's committed offsets, earliest when it has none) and reports as the producer side
 * does. A record's latency is its age when received (receive time minus the record's timestamp): the end-to-end
 * latency while a producer runs alongside; on old records it is only how old they are. Like Kafka's
 * ConsumerPerformance it stops early, with a warning, when nothing arrived for {@code --timeout}.
 */
@Command(name = "consume", description = {"Read records as fast as possible and report throughput and latency.",
        "Latency is each record's age on arrival (now - its timestamp)."})
final class PerfConsumeCommand extends ClientCommand {
    private final Terminal terminal;

    @Option(names = {"-t", "--topic"}, paramLabel = "T", required = true, description = "The topic.")
    String topic;
    @Option(names = "--records", paramLabel = "N", required = true, description = "Records to read.")
    long records;
    @Option(names = {"-g", "--group"}, paramLabel = "G", description = "Read as a member of group G.")
    String group;

    PerfConsumeCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (records < 1) {
            throw usage("--records must be positive");
        }
        TopicDescription description;
        try (RunnelAdmin admin = client.admin()) {
            description = admin.describeTopic(topic);
        }
        RunnelConsumer.Builder builder = client.secured(RunnelConsumer.builder()).bootstrap(client.bootstrap())
                .clientId("runnel-perf-consumer").autoOffsetReset(OffsetReset.EARLIEST).autoCommit(group != null)
                .requestTimeout(client.timeout()).defaultApiTimeout(client.timeout());
        if (group != null) {
            builder.groupId(group);
        }
        PrintWriter err = err();
        long received = 0;
        long bytes = 0;
        long startNs;
        long lastNs;
        PerfResult result;
        try (RunnelConsumer consumer = builder.build();
             ProgressLine progress = new ProgressLine(err, terminal.interactive(), "received")) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                List<TopicPartition> partitions = new ArrayList<>();
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                consumer.assign(partitions);
                for (PartitionDescription p : description.partitions()) {
                    consumer.seek(new TopicPartition(topic, p.partition()), p.earliestOffset());
                }
            }
            startNs = System.nanoTime();
            lastNs = startNs;
            long idleNs = client.timeout().toNanos();
            while (received < records) {
                ConsumerRecords batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (batch.isEmpty()) {
                    if (now - lastNs > idleNs) {
                        err.println("WARNING: stopped after " + received + " of " + records + " records: nothing "
                                + "arrived for " + TimeUnit.NANOSECONDS.toMillis(idleNs) + " ms.");
                        break;
                    }
                    continue;
                }
                lastNs = now;
                long wallMs = System.currentTimeMillis();
                for (ConsumerRecord record : batch) {
                    int size = (record.key() == null ? 0 : record.key().length)
                            + (record.value() == null ? 0 : record.value().length);
                    progress.record((wallMs - record.timestamp()) * 1000, size);
                    bytes += size;
                    if (++received == records) {
                        break;
                    }
                }
            }
            result = new PerfResult(received, bytes, lastNs - startNs, progress.finish());
        }
        PrintWriter out = out();
        if (output.json()) {
            Map<String, Object> json = result.json();
            json.put("latency", "receive time - record timestamp");
            out.println(Json.pretty(json));
        } else {
            out.println(result.line("received"));
        }
        out.flush();
        return 0;
    }
}
