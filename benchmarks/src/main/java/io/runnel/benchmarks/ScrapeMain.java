package io.runnel.benchmarks;

import com.sun.management.ThreadMXBean;
import io.netty.buffer.ByteBuf;
import io.runnel.broker.EmbeddedBroker;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.metrics.GroupReader;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long a {@code /metrics} scrape takes, and how much it allocates, on a broker with many partitions and
 * groups: {@code topics × partitions} partitions with one batch each, and one group per topic that committed
 * half of every partition (so every group has lag on every partition, and the lag in seconds needs a record
 * read). Prints, for {@code rounds} scrapes over HTTP (gzip, as Prometheus asks), the median and slowest time and
 * the response size; then, for scrapes run on this thread (collect and write, no HTTP), the bytes allocated per
 * scrape.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.ScrapeMain [topics] [partitions] [rounds]</pre>
 * Defaults: 100 topics of 100 partitions (10,000 partitions, 100 groups), 20 rounds.
 */
public final class ScrapeMain {
    private ScrapeMain() {
    }

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Map<String, String> config = new HashMap<>();
        config.put("log.segment.bytes", "1048576");
        config.put("log.index.size.max.bytes", "4096");
        config.put("log.fsync.enable", "false");
        try (EmbeddedBroker broker = EmbeddedBroker.start(config)) {
            LogManager logs = broker.broker().logs();
            GroupReader groups = new GroupReader(broker.broker().context().groups());
            long setup = System.nanoTime();
            ByteBuf batch = StorageFixture.batch(2200);
            for (int t = 0; t < topics; t++) {
                TopicInfo topic = logs.createTopic("topic-" + t, partitions, Map.of());
                Map<TopicPartition, Long> commits = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    PartitionLog log = logs.log(topic.partition(p));
                    log.append(batch.retainedDuplicate());
                    log.append(batch.retainedDuplicate());
                    commits.put(topic.partition(p), log.logEndOffset() / 2);
                }
                groups.commit("group-" + t, commits).get(60, TimeUnit.SECONDS);
            }
            batch.release();
            System.out.printf("setup: %d topics x %d partitions, %d groups, in %d ms%n", topics, partitions, topics,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setup));

            HttpClient http = HttpClient.newHttpClient();
            httpRounds(http, broker, rounds);
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
            CountingStream out = new CountingStream();
            long[] allocated = new long[rounds];
            long[] collectMicros = new long[rounds];
            long[] writeMicros = new long[rounds];
            int series = 0;
            for (int i = -3; i < rounds; i++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                MetricSnapshots snapshots = broker.broker().metrics().scrape(null);
                long t1 = System.nanoTime();
                out.count = 0;
                writer.write(out, snapshots);
                long t2 = System.nanoTime();
                long after = threads.getCurrentThreadAllocatedBytes();
                if (i >= 0) {
                    allocated[i] = after - before;
                    collectMicros[i] = (t1 - t0) / 1000;
                    writeMicros[i] = (t2 - t1) / 1000;
                }
                series = 0;
                for (var s : snapshots) {
                    series += s.getDataPoints().size();
                }
            }
            Arrays.sort(allocated);
            Arrays.sort(collectMicros);
            Arrays.sort(writeMicros);
            System.out.printf("in-process scrape: collect median %d ms, write (text, uncompressed) median %d ms%n",
                    collectMicros[rounds / 2] / 1000, writeMicros[rounds / 2] / 1000);
            System.out.printf("in-process scrape: %d series, %d bytes of text, allocates median %.1f MiB "
                            + "(%.0f bytes per series), largest %.1f MiB%n", series, out.count,
                    allocated[rounds / 2] / 1048576.0, (double) allocated[rounds / 2] / series,
                    allocated[rounds - 1] / 1048576.0);
            httpRounds(http, broker, rounds);
        }
    }

    private static void httpRounds(HttpClient http, EmbeddedBroker broker, int rounds) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.httpUrl() + "/metrics"))
                .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(60)).build();
        long[] millis = new long[rounds];
        long bytes = 0;
        long firstMillis = -1;
        for (int i = -3; i < rounds; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("scrape answered " + response.statusCode());
            }
            if (firstMillis < 0) {
                firstMillis = TimeUnit.NANOSECONDS.toMillis(took);
            }
            if (i >= 0) {
                millis[i] = TimeUnit.NANOSECONDS.toMillis(took);
                bytes = response.body().length;
            }
        }
        Arrays.sort(millis);
        System.out.printf("HTTP scrape (gzip): first %d ms (reads every group's oldest record), then median %d ms, "
                + "slowest %d ms over %d rounds, %d bytes gzipped%n", firstMillis, millis[rounds / 2],
                millis[rounds - 1], rounds, bytes);

    }

    /** Counts what the writer writes and keeps none of it. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
