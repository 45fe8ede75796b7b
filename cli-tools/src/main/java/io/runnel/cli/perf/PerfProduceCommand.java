package io.runnel.cli.perf;

import io.runnel.cli.ClientCommand;
import io.runnel.cli.ProducerOptions;
import io.runnel.cli.Terminal;
import io.runnel.cli.output.Json;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code runnel perf produce}: sends {@code --records} records of {@code --record-size} random bytes from
 * {@code --producers} producers (each on its own thread, each its share of the records and of
 * {@code --throughput}), and reports as Kafka's ProducerPerformance does. A record's latency runs from its
 * {@code send} to its acknowledgement.
 */
@Command(name = "produce", description = {"Send records as fast as allowed and report throughput and latency.",
        "The final line has the layout of Kafka's ProducerPerformance."})
final class PerfProduceCommand extends ClientCommand {
    private final Terminal terminal;

    @Option(names = {"-t", "--topic"}, paramLabel = "T", required = true, description = "The topic.")
    String topic;
    @Option(names = "--records", paramLabel = "N", required = true, description = "Records to send.")
    long records;
    @Option(names = "--record-size", paramLabel = "B", required = true, description = "Bytes per record value.")
    int recordSize;
    @Option(names = "--throughput", paramLabel = "R", defaultValue = "-1",
            description = "At most R records/s in all (default: unlimited).")
    double throughput;
    @Mixin
    ProducerOptions producerOptions;
    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "5", description = "Default 5.")
    long lingerMs;
    @Option(names = "--batch-size", paramLabel = "BYTES", defaultValue = "16384", description = "Default 16384.")
    int batchSize;
    @Option(names = "--producers", paramLabel = "P", defaultValue = "1", description = "Producers in parallel.")
    int producers;

    PerfProduceCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (records < 1 || recordSize < 0 || producers < 1 || producers > records || lingerMs < 0 || batchSize < 1) {
            throw usage("--records and --producers must be "
                    + "positive (producers at most records), --record-size, --linger-ms and --batch-size not negative");
        }
        client.requireReachable();
        byte[] payload = new byte[recordSize];
        Random random = new Random(17);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        PrintWriter err = err();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start;
        try (ProgressLine progress = new ProgressLine(err, terminal.interactive(), "sent")) {
            start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                long share = records / producers + (p < records % producers ? 1 : 0);
                Thread thread = new Thread(() -> send(share, payload, progress, acknowledged, failed,
                        firstError), "runnel-perf-producer-" + p);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            PerfResult result = new PerfResult(acknowledged.get(), acknowledged.get() * payload.length,
                    System.nanoTime() - start, progress.finish());
            report(result, failed.get());
        }
        Throwable error = firstError.get();
        if (error != null) {
            throw error instanceof RunnelException re ? re : new RunnelException("perf produce failed: " + error,
                    error);
        }
        return 0;
    }

    /** One producer's share: sends {@code share} records, paced, then waits for their acknowledgements. */
    private void send(long share, byte[] payload, ProgressLine progress, AtomicLong acknowledged,
                      AtomicLong failed, AtomicReference<Throwable> firstError) {
        try (RunnelProducer producer = producerOptions.builder(client, "runnel-perf-producer",
                Duration.ofMillis(lingerMs)).batchSize(batchSize).build()) {
            Throttle throttle = new Throttle(throughput < 0 ? -1 : throughput / producers);
            for (long i = 0; i < share && firstError.get() == null; i++) {
                long sentNs = System.nanoTime();
                producer.send(ProducerRecord.builder(topic).value(payload).build()).whenComplete((metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                        progress.record((System.nanoTime() - sentNs) / 1000, payload.length);
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error instanceof CompletionException
                                && error.getCause() != null ? error.getCause() : error);
                    }
                });
                throttle.pace(i + 1);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            firstError.compareAndSet(null, new RunnelException("perf produce interrupted", e));
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e);
        }
    }

    private void report(PerfResult result, long failed) {
        PrintWriter out = out();
        if (output.json()) {
            java.util.Map<String, Object> json = result.json();
            json.put("failed", failed);
            out.println(Json.pretty(json));
        } else {
            out.println(result.line("sent"));
        }
        out.flush();
    }

    /** Keeps one thread at {@code perSecond} records/s by sleeping when ahead; -1 never sleeps. */
    static final class Throttle {
        private final double perSecond;
        private final long startNs = System.nanoTime();

        Throttle(double perSecond) {
            this.perSecond = perSecond;
        }

        void pace(long sent) throws InterruptedException {
            if (perSecond <= 0) {
                return;
            }
            long dueNs = startNs + (long) (sent * 1e9 / perSecond);
            long aheadNs = dueNs - System.nanoTime();
            if (aheadNs > 1_000_000) {
                Thread.sleep(aheadNs / 1_000_000, (int) (aheadNs % 1_000_000));
            }
        }
    }
}
