package io.runnel.cli.record;

import io.runnel.cli.ClientCommand;
import io.runnel.cli.output.Json;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.ConsumerRecords;
import io.runnel.client.Header;
import io.runnel.client.OffsetReset;
import io.runnel.client.RunnelAdmin;
import io.runnel.client.RunnelConsumer;
import io.runnel.client.TopicPartition;
import io.runnel.client.UnknownTopicException;
import io.runnel.client.WakeupException;
import io.runnel.client.admin.OffsetSpec;
import io.runnel.client.admin.PartitionDescription;
import io.runnel.client.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code runnel consume TOPIC}: prints records, one per line (or as {@code --format} says, or one JSON object per
 * line). Without {@code --group} it reads every partition (or {@code --partition}) from {@code --offset}, by default
 * the end, as kafka-console-consumer does; with {@code --group} it joins the group and commits exactly what it
 * printed. It stops after {@code --max-messages}, or once nothing arrived for {@code --timeout-ms}, unless
 * {@code --follow}; Ctrl-C stops it cleanly (commits, leaves the group).
 */
@Command(name = "consume", description = {"Print records of a topic, one per line.",
        "Stops after --max-messages, or when nothing arrived for --timeout-ms, unless --follow."})
public final class ConsumeCommand extends ClientCommand {
    private static final long POLL_MS = 200;

    @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = {"-g", "--group"}, paramLabel = "G",
            description = "Join consumer group G and commit what was printed.")
    String group;

    @Option(names = "--from-beginning", description = "Start at the earliest record (default: the end).")
    boolean fromBeginning;

    @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Read only partition N.")
    Integer partition;

    @Option(names = "--offset", paramLabel = "start|end|N|-N|@ISO-TIME",
            description = "Where to start each partition (without --group).")
    String offset;

    @Option(names = {"-n", "--max-messages"}, paramLabel = "N", description = "Stop after N records.")
    Long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "5000",
            description = "Stop when nothing arrived for T ms (default ${DEFAULT-VALUE}).")
    long idleTimeoutMs;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "%t topic, %p partition, %o offset, %k key, %v value, %T timestamp, %h headers, "
                    + "\\n, \\t (default %v).")
    String format;

    @Option(names = "--follow", description = "Keep waiting for new records until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() {
        RecordFormat recordFormat;
        StartOffset start;
        try {
            recordFormat = format == null ? RecordFormat.valueOnly() : RecordFormat.parse(format);
            start = offset == null ? null : StartOffset.parse(offset);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (group != null && (partition != null || start != null)) {
            throw usage("--partition and --offset read without a group; a group starts from its committed "
                    + "offsets (move them with: runnel groups reset-offsets)");
        }
        if (fromBeginning && start != null) {
            throw usage("--from-beginning and --offset both say where to start: give one");
        }
        if (maxMessages != null && maxMessages < 1 || idleTimeoutMs < 1) {
            throw usage("--max-messages and --timeout-ms must be positive");
        }
        TopicDescription description;
        Map<TopicPartition, Long> byTime = Map.of();
        try (RunnelAdmin admin = client.admin()) {
            description = admin.describeTopic(topic);
            if (partition != null && (partition < 0 || partition >= description.partitions().size())) {
                throw new UnknownTopicException("partition " + partition + " of topic " + topic
                        + " does not exist (it has " + description.partitions().size() + ")");
            }
            if (start != null && start.kind() == StartOffset.Kind.TIME) {
                // Only the timestamp lookup of the preview is used: no group is read or written.
                byTime = admin.previewOffsetReset("runnel-cli", topic, OffsetSpec.timestamp(start.value()));
            }
        }
        RunnelConsumer.Builder builder = client.secured(RunnelConsumer.builder()).bootstrap(client.bootstrap())
                .clientId("runnel-cli-" + ProcessHandle.current().pid()).autoCommit(false)
                .autoOffsetReset(fromBeginning ? OffsetReset.EARLIEST : OffsetReset.LATEST)
                .requestTimeout(client.timeout()).defaultApiTimeout(client.timeout());
        if (group != null) {
            builder.groupId(group);
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (RunnelConsumer consumer = builder.build()) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                position(consumer, description, start, byTime);
            }
            return run(consumer, recordFormat, finished);
        } finally {
            // Only now, with the offsets committed and the group left, may a Ctrl-C let the JVM exit.
            finished.countDown();
        }
    }

    private void position(RunnelConsumer consumer, TopicDescription description, StartOffset start,
                          Map<TopicPartition, Long> byTime) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionDescription p : description.partitions()) {
            if (partition == null || partition == p.partition()) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        StartOffset.Kind kind = start != null ? start.kind()
                : fromBeginning ? StartOffset.Kind.START : StartOffset.Kind.END;
        for (PartitionDescription p : description.partitions()) {
            TopicPartition tp = new TopicPartition(topic, p.partition());
            if (!partitions.contains(tp)) {
                continue;
            }
            switch (kind) {
                case START -> consumer.seek(tp, p.earliestOffset());
                case END -> consumer.seek(tp, p.latestOffset());
                case ABSOLUTE -> consumer.seek(tp, Math.max(p.earliestOffset(), Math.min(p.latestOffset(),
                        start.value())));
                case FROM_END -> consumer.seek(tp, Math.max(p.earliestOffset(), p.latestOffset() - start.value()));
                case TIME -> consumer.seek(tp, byTime.getOrDefault(tp, p.latestOffset()));
                default -> throw new IllegalStateException("unknown start " + kind);
            }
        }
    }

    private int run(RunnelConsumer consumer, RecordFormat recordFormat, CountDownLatch finished) {
        PrintWriter out = out();
        PrintWriter err = err();
        Thread stopper = new Thread(() -> {
            consumer.wakeup();
            try {
                finished.await(client.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "runnel-cli-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        long printed = 0;
        String stopped = "";
        Map<TopicPartition, Long> toCommit = new HashMap<>();
        StringBuilder line = new StringBuilder();
        try {
            long idleSince = System.nanoTime();
            while (maxMessages == null || printed < maxMessages) {
                ConsumerRecords records = consumer.poll(Duration.ofMillis(POLL_MS));
                if (records.isEmpty()) {
                    if (!follow && System.nanoTime() - idleSince >= TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs)) {
                        stopped = " (nothing arrived for " + idleTimeoutMs + " ms)";
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord record : records) {
                    if (maxMessages != null && printed == maxMessages) {
                        break;
                    }
                    line.setLength(0);
                    if (output.json()) {
                        line.append(Json.compact(json(record))).append('\n');
                    } else {
                        recordFormat.append(record, line);
                    }
                    out.print(line);
                    printed++;
                    toCommit.put(record.topicPartition(), record.offset() + 1);
                }
                out.flush();
                commit(consumer, toCommit);
            }
        } catch (WakeupException e) {
            stopped = " (interrupted)";
        } finally {
            out.flush();
            try {
                commit(consumer, toCommit);
            } finally {
                removeHook(stopper);
            }
        }
        err.println("Consumed " + printed + " record" + (printed == 1 ? "" : "s") + stopped
                + (group == null || printed == 0 ? "" : "; committed for group " + group) + ".");
        err.flush();
        return 0;
    }

    private void commit(RunnelConsumer consumer, Map<TopicPartition, Long> offsets) {
        if (group != null && !offsets.isEmpty()) {
            consumer.commitSync(Map.copyOf(offsets));
            offsets.clear();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting (Ctrl-C): the hook is running and waits for us.
        }
    }

    private static Map<String, Object> json(ConsumerRecord record) {
        List<Object> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(Json.object("key", h.key(), "value", text(h.value())));
        }
        return Json.object("topic", record.topic(), "partition", record.partition(), "offset", record.offset(),
                "timestamp", record.timestamp(), "key", text(record.key()), "value", text(record.value()),
                "headers", headers);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
