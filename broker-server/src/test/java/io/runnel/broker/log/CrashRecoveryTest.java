package io.runnel.broker.log;

import io.runnel.broker.topic.TopicInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.runnel.broker.log.TestBatches.readAll;
import static io.runnel.broker.log.TestBatches.seqOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM appends in a loop and is killed with SIGKILL at a random point, again and again on the same data
 * directory. After each kill, recovery must give logs whose batches all pass their CRC (Kafka's parser checks),
 * whose offsets are dense from 0 with the content written at each offset, and which hold every append the
 * child had reported durable. Every other round the parent shuts down cleanly, the others leave recovery to
 * the next child. {@code -Drunnel.crash.kills=N} runs more rounds (default 20).
 */
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void sigkilledAppenderLosesNothingDurableAndLeavesAValidLog() throws Exception {
        int kills = Integer.getInteger("runnel.crash.kills", 20);
        Random random = new Random(Long.getLong("runnel.crash.seed", System.nanoTime()));
        Path dataDir = tmp.resolve("data");
        long[] durable = new long[CrashingAppender.PARTITIONS];
        for (int round = 0; round < kills; round++) {
            long[] reported = runAndKill(dataDir, random.nextLong(), 1 + random.nextInt(300), tmp.resolve("child-" + round + ".log"));
            for (int p = 0; p < durable.length; p++) {
                durable[p] = Math.max(durable[p], reported[p]);
            }
            LogManager manager = LogManager.open(CrashingAppender.config(dataDir));
            try {
                TopicInfo topic = manager.registry().get(CrashingAppender.TOPIC);
                for (int p = 0; p < CrashingAppender.PARTITIONS; p++) {
                    PartitionLog log = manager.log(topic.partition(p));
                    List<TestBatches.Rec> all = readAll(log);
                    assertEquals(log.logEndOffset(), all.size(), "round " + round + " partition " + p);
                    for (int i = 0; i < all.size(); i++) {
                        assertEquals(i, all.get(i).offset(), "dense offsets, round " + round);
                        assertEquals(i, seqOf(all.get(i).value()), "content at offset " + i + ", round " + round);
                    }
                    assertTrue(log.logEndOffset() >= durable[p], "round " + round + " partition " + p + ": log end "
                            + log.logEndOffset() + " lost offsets reported durable below " + durable[p]);
                }
            } finally {
                manager.close();
            }
            if (round % 2 == 0) {
                Files.deleteIfExists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
            }
        }
        assertTrue(durable[0] + durable[1] > kills, "the children made progress: " + durable[0] + ", " + durable[1]);
    }

    /** Starts the child, waits until it reported {@code durableReports} durable appends, kills it with SIGKILL. */
    private static long[] runAndKill(Path dataDir, long seed, int durableReports, Path childLog) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(), dataDir.toString(),
                Long.toString(seed));
        pb.redirectError(childLog.toFile());
        Process child = pb.start();
        AtomicLongArray reported = new AtomicLongArray(CrashingAppender.PARTITIONS);
        AtomicLongArray counts = new AtomicLongArray(1);
        AtomicBoolean ready = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("@@READY")) {
                        ready.set(true);
                    } else if (line.startsWith("@@D ")) {
                        String[] parts = line.split(" ");
                        if (parts.length == 3) {
                            int p = Integer.parseInt(parts[1]);
                            reported.accumulateAndGet(p, Long.parseLong(parts[2]), Math::max);
                            counts.incrementAndGet(0);
                        }
                    }
                }
            } catch (java.io.IOException | NumberFormatException ignored) {
                // The child died mid-line: what was read before counts.
            }
        }, "crash-child-reader");
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> (ready.get() && counts.get(0) >= durableReports)
                    || !child.isAlive());
            assertTrue(child.isAlive(), "child exited early, see " + childLog + ": " + Files.readString(childLog));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            reader.join(30_000);
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return new long[]{reported.get(0), reported.get(1)};
    }
}
