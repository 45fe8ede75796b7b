package io.runnel.cli.record;

import io.runnel.cli.ClientCommand;
import io.runnel.cli.ProducerOptions;
import io.runnel.cli.Terminal;
import io.runnel.cli.output.Json;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RecordMetadata;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * {@code runnel produce TOPIC}: one record per line of stdin, through {@link RunnelProducer}. With
 * {@code --key-separator} the text before the first separator is the key. Records go out asynchronously and in
 * batches unless {@code --sync}, which waits for each and prints its partition and offset. A summary (records, and
 * per partition the first and last offset) ends on stderr; exit 1 when any record failed.
 */
@Command(name = "produce", description = {"Send each line of stdin as a record.",
        "A summary goes to stderr at the end; with --sync each record's partition and offset to stdout."})
public final class ProduceCommand extends ClientCommand {
    private final Terminal terminal;

    @Parameters(paramLabel = "TOPIC", description = "The topic to write to.")
    String topic;

    @Option(names = {"-k", "--key-separator"}, paramLabel = "SEP",
            description = "Split each line at the first SEP: key before, value after.")
    String keySeparator;

    @Option(names = {"-p", "--partition"}, paramLabel = "N", description = "Write every record to partition N.")
    Integer partition;

    @Mixin
    ProducerOptions producerOptions;

    @Option(names = "--sync", description = "Wait for each record and print its partition and offset.")
    boolean sync;

    @Option(names = {"-H", "--header"}, paramLabel = "K=V", description = "A header on every record (repeatable).")
    List<String> headers = new ArrayList<>();

    ProduceCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        List<String[]> headerPairs = new ArrayList<>();
        for (String header : headers) {
            int eq = header.indexOf('=');
            if (eq <= 0) {
                throw usage(
                        "--header must be KEY=VALUE, got '" + header + "'");
            }
            headerPairs.add(new String[]{header.substring(0, eq), header.substring(eq + 1)});
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw usage("--key-separator must not be empty");
        }
        client.requireReachable();
        PrintWriter out = out();
        PrintWriter err = err();
        ProduceSummary summary = new ProduceSummary();
        try (RunnelProducer producer = producerOptions.builder(client, "runnel-cli-producer", Duration.ofMillis(5))
                .build();
             BufferedReader in = new BufferedReader(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                ProducerRecord record = record(line, headerPairs);
                if (sync) {
                    RecordMetadata metadata;
                    try {
                        metadata = producer.sendSync(record);
                    } catch (RunnelException e) {
                        summary.failed(e);
                        break;
                    }
                    summary.acknowledged(metadata);
                    out.println(output.json() ? Json.compact(Json.object("topic", metadata.topic(), "partition",
                            metadata.partition(), "offset", metadata.offset(), "timestamp", metadata.timestamp()))
                            : "partition " + metadata.partition() + " offset " + metadata.offset());
                    out.flush();
                } else {
                    producer.send(record).whenComplete((metadata, error) -> {
                        if (error != null) {
                            summary.failed(error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause() : error);
                        } else {
                            summary.acknowledged(metadata);
                        }
                    });
                }
            }
            producer.flush();
        }
        out.flush();
        err.println(summary.describe(topic));
        Throwable error = summary.firstError();
        if (error != null) {
            throw error instanceof RunnelException re ? re
                    : new RunnelException("producing to " + topic + " failed: " + error, error);
        }
        return 0;
    }

    private ProducerRecord record(String line, List<String[]> headerPairs) {
        ProducerRecord.Builder record = ProducerRecord.builder(topic);
        int cut = keySeparator == null ? -1 : line.indexOf(keySeparator);
        if (cut >= 0) {
            record.key(line.substring(0, cut)).value(line.substring(cut + keySeparator.length()));
        } else {
            record.value(line);
        }
        if (partition != null) {
            record.partition(partition);
        }
        for (String[] header : headerPairs) {
            record.header(header[0], header[1]);
        }
        return record.build();
    }
}
