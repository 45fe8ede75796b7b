package io.runnel.broker.log;

import io.runnel.broker.topic.TopicInfo;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Child process of {@link CrashRecoveryTest}: opens (recovering) a data directory and appends to two partitions
 * forever, printing {@code @@D <partition> <offset>} once everything below offset is durable, until killed.
 * Record values carry their expected offset, so the parent can check content after recovery.
 */
public final class CrashingAppender {
    static final String TOPIC = "crash";
    static final int PARTITIONS = 2;

    private CrashingAppender() {
    }

    static LogManagerConfig config(Path dataDir) {
        return LogManagerConfig.defaults(dataDir).withCleanerEnabled(false).withDefaults(
                LogConfig.builder().segmentBytes(64 * 1024).indexIntervalBytes(1024).build());
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        LogManager manager = LogManager.open(config(dataDir));
        TopicInfo topic = manager.registry().get(TOPIC);
        if (topic == null) {
            topic = manager.createTopic(TOPIC, PARTITIONS, Map.of());
        }
        PartitionLog[] logs = new PartitionLog[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            logs[p] = manager.log(topic.partition(p));
        }
        System.out.println("@@READY " + logs[0].logEndOffset() + " " + logs[1].logEndOffset());
        System.out.flush();
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        for (;;) {
            int p = random.nextInt(PARTITIONS);
            PartitionLog log = logs[p];
            int count = 1 + random.nextInt(8);
            AppendResult r = log.append(TestBatches.seqBatch(log.logEndOffset(), count, 10 + random.nextInt(400),
                    System.currentTimeMillis()));
            long durable = r.nextOffset();
            int partition = p;
            inFlight.add(log.whenDurable(durable).thenRun(() -> report(partition, durable)));
            if (inFlight.size() > 64) {
                inFlight.poll().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static synchronized void report(int partition, long offset) {
        System.out.println("@@D " + partition + " " + offset);
        System.out.flush();
    }
}
