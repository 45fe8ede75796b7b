package io.runnel.broker.log;

import io.runnel.broker.topic.TopicInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.parse;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static io.runnel.broker.log.TestBatches.seqOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers never lock: while one thread appends (rolling often), retention deletes old segments and the open-file
 * bound evicts handles, reader threads read at random offsets and must always get the batch holding the offset,
 * whole, with the content written there, or OFFSET_OUT_OF_RANGE below the log start. A read at the tail never
 * returns a batch at or above the log end offset read after it (what Fetch reports as the high watermark).
 */
class ConcurrentReadWriteTest {
    @TempDir
    Path dataDir;

    @Test
    void readersSeeWholeCorrectBatchesWhileTheLogRollsAndShrinks() throws Exception {
        LogManagerConfig config = LogManagerConfig.defaults(dataDir).withMaxOpenSegments(3).withCleanerEnabled(false)
                .withDefaults(LogConfig.builder().segmentBytes(4096).indexIntervalBytes(200).fsyncEnabled(false)
                        .retentionBytes(64 * 1024).retentionMs(-1).build());
        LogManager manager = LogManager.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            TopicInfo t = manager.createTopic("rw", 1, Map.of());
            PartitionLog log = manager.log(t.partition(0));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong reads = new AtomicLong();
            AtomicLong outOfRange = new AtomicLong();
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit(() -> {
                Random random = new Random(1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                // Run at least 3 s and until retention has moved the start, so a slow machine still races it.
                while ((System.nanoTime() < deadline || log.logStartOffset() == 0 || reads.get() <= 100)
                        && System.nanoTime() < hardDeadline) {
                    int n = 1 + random.nextInt(5);
                    append(log, seqBatch(log.logEndOffset(), n, 20 + random.nextInt(200), 0));
                }
                stop.set(true);
                return null;
            }));
            tasks.add(pool.submit(() -> {
                while (!stop.get()) {
                    manager.runRetention();
                }
                return null;
            }));
            for (int r = 0; r < 2; r++) {
                long seed = r;
                tasks.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    while (!stop.get()) {
                        long end = log.logEndOffset();
                        if (end == 0) {
                            continue;
                        }
                        long start = log.logStartOffset();
                        long offset = start + (long) (random.nextDouble() * (end - start));
                        LogSlice slice;
                        try {
                            slice = log.read(offset, random.nextInt(3000), true);
                        } catch (OffsetOutsideLogException e) {
                            outOfRange.incrementAndGet();
                            continue;
                        }
                        List<TestBatches.Rec> got = parse(slice);
                        TestBatches.Rec first = got.get(0);
                        if (first.batchBase() > offset || first.batchLast() < offset) {
                            throw new AssertionError("read at " + offset + " began with batch " + first.batchBase()
                                    + ".." + first.batchLast());
                        }
                        for (TestBatches.Rec rec : got) {
                            if (seqOf(rec.value()) != rec.offset()) {
                                throw new AssertionError("offset " + rec.offset() + " holds " + rec.value());
                            }
                        }
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(90, TimeUnit.SECONDS);
            }
            assertTrue(reads.get() > 100, reads.get() + " reads checked");
            assertTrue(log.logStartOffset() > 0, "retention ran while reading");
            assertTrue(manager.openSegmentHandles() <= 3 + 2, "open handles " + manager.openSegmentHandles());
        } finally {
            pool.shutdownNow();
            manager.close();
        }
    }

    @Test
    void aReadAtTheTailNeverReturnsABatchAboveTheLogEndOffsetReadAfterIt() throws Exception {
        LogManagerConfig config = LogManagerConfig.defaults(dataDir).withCleanerEnabled(false)
                .withDefaults(LogConfig.builder().segmentBytes(64 * 1024).fsyncEnabled(false).retentionMs(-1)
                        .build());
        LogManager manager = LogManager.open(config);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            TopicInfo t = manager.createTopic("tail", 1, Map.of());
            PartitionLog log = manager.log(t.partition(0));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong nonEmpty = new AtomicLong();
            Future<?> appender = pool.submit(() -> {
                Random random = new Random(11);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                // Run at least 2 s and until the log rolled twice, so a slow machine still races a roll.
                while ((System.nanoTime() < deadline || log.segmentCount() < 3 || nonEmpty.get() <= 100)
                        && System.nanoTime() < hardDeadline && !stop.get()) {
                    append(log, seqBatch(log.logEndOffset(), 1 + random.nextInt(3), 8, 0));
                }
                stop.set(true);
                return null;
            });
            Future<?> reader = pool.submit(() -> {
                Random random = new Random(7);
                while (!stop.get()) {
                    // Just below the end: a read there can race the append that publishes the next batch.
                    long offset = Math.max(0, log.logEndOffset() - 1 - random.nextInt(2));
                    LogSlice slice = log.read(offset, 1 << 20, true);
                    long endAfter = log.logEndOffset();
                    List<TestBatches.Rec> got = parse(slice);
                    if (got.isEmpty()) {
                        continue;
                    }
                    long lastReturned = got.get(got.size() - 1).batchLast();
                    if (lastReturned >= endAfter) {
                        stop.set(true);
                        throw new AssertionError("read at " + offset + " returned offset " + lastReturned
                                + " but the log end offset read after it is " + endAfter);
                    }
                    nonEmpty.incrementAndGet();
                }
                return null;
            });
            appender.get(90, TimeUnit.SECONDS);
            reader.get(90, TimeUnit.SECONDS);
            assertTrue(nonEmpty.get() > 100, nonEmpty.get() + " non-empty reads checked");
            assertTrue(log.segmentCount() > 1, "the log rolled while reading");
            assertEquals(log.logEndOffset() - 1, parse(log.read(log.logEndOffset() - 1, 1 << 20, true)).get(0)
                    .batchLast());
        } finally {
            pool.shutdownNow();
            manager.close();
        }
    }
}
