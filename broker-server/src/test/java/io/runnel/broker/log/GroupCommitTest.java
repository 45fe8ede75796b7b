package io.runnel.broker.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {
    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    @Test
    void durableFutureCompletesOnAFlusherThreadAfterTheFsyncCoversIt() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.defaults());
        AppendResult r = append(log, seqBatch(0, 3, 10, 0));
        assertTrue(log.durableOffset() < r.nextOffset(), "nothing is fsynced by the append itself");
        CompletableFuture<Void> durable = log.whenDurable(r.nextOffset());
        durable.get(10, TimeUnit.SECONDS);
        assertTrue(log.durableOffset() >= r.nextOffset());
        // Dependents registered before the fsync returns run on the flusher thread (an fsync takes far longer
        // than registering one, so nearly all of these do).
        ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 20; i++) {
            AppendResult next = append(log, seqBatch(3 + i, 1, 10, 0));
            log.whenDurable(next.nextOffset()).thenRun(() -> threads.add(Thread.currentThread().getName()))
                    .get(10, TimeUnit.SECONDS);
        }
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("runnel-log-flusher")), threads.toString());
        // Already durable: complete at once.
        assertTrue(log.whenDurable(r.nextOffset()).isDone());
        assertTrue(log.recoveryPoint() <= log.durableOffset());
    }

    @Test
    void concurrentAppendersShareFsyncs() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.defaults());
        int threads = 8;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        AppendResult r = append(log, seqBatch(0, 1, 100, 0));
                        log.whenDurable(r.nextOffset()).get(30, TimeUnit.SECONDS);
                        if (log.durableOffset() < r.nextOffset()) {
                            throw new AssertionError("completed before durable: " + r);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long appends = (long) threads * perThread;
        assertEquals(appends, log.logEndOffset());
        assertTrue(log.flushCount() < appends * 3 / 4,
                log.flushCount() + " fsync rounds for " + appends + " durable appends");
    }

    @Test
    void withFsyncOffDurableIsImmediateAndNothingIsFlushedPerAppend() {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().fsyncEnabled(false).build());
        for (int i = 0; i < 20; i++) {
            AppendResult r = append(log, seqBatch(i, 1, 10, 0));
            assertTrue(log.whenDurable(r.nextOffset()).isDone());
        }
        assertEquals(0, log.flushCount());
    }

    @Test
    void flushMessagesTriggersAFlushWithoutWaiters() {
        PartitionLog log = support.create(dir.resolve("t-0"),
                LogConfig.builder().fsyncEnabled(false).flushMessages(10).build());
        for (int i = 0; i < 9; i++) {
            append(log, seqBatch(i, 1, 10, 0));
        }
        assertEquals(0, log.flushCount());
        append(log, seqBatch(9, 1, 10, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.durableOffset() == 10);
    }

    @Test
    void rollFlushesTheClosedSegmentAndMovesTheRecoveryPoint() {
        PartitionLog log = support.create(dir.resolve("t-0"),
                LogConfig.builder().fsyncEnabled(false).segmentBytes(1024).build());
        for (int i = 0; i < 40; i++) {
            append(log, seqBatch(i, 1, 100, 0));
        }
        assertTrue(log.segmentCount() > 3);
        long activeBase = log.segments()[log.segmentCount() - 1].baseOffset();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.recoveryPoint() == activeBase);
        for (int i = 0; i < log.segmentCount() - 1; i++) {
            assertTrue(log.segments()[i].isFullyFlushed(), "segment " + i);
        }
        assertFalse(log.segments()[log.segmentCount() - 1].isFullyFlushed());
    }
}
