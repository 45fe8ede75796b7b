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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers never lock: while one thread appends (rolling often), retention deletes old segments and the open-file
 * bound evicts handles, reader threads read at random offsets and must always get the batch holding the offset,
 * whole, with the content written there, or OFFSET_OUT_OF_RANGE below the log start.
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
                while (System.nanoTime() < deadline) {
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
                        } catch (OffsetOutOfRangeException e) {
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
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(reads.get() > 100, reads.get() + " reads checked");
            assertTrue(log.logStartOffset() > 0, "retention ran while reading");
            assertTrue(manager.openSegmentHandles() <= 3 + 2, "open handles " + manager.openSegmentHandles());
        } finally {
            pool.shutdownNow();
            manager.close();
        }
    }
}
