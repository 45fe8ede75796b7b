package io.runnel.broker.log;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.ProducerStateTest.idempotent;
import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.readAll;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File work that may take long (rebuilding a segment's indexes, which truncates and fsyncs them; loading producer
 * state) never runs on the thread that reads or appends, which in the broker is a network thread. Each test plays
 * the network thread with a Netty event loop and records, through the log's probe, which thread did such work.
 */
class NetworkThreadFileWorkTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final EventLoop network = new DefaultEventLoop();
    private final List<Work> work = new CopyOnWriteArrayList<>();
    private LogManager manager;

    /** One piece of file work and the thread that did it. */
    private record Work(String what, Thread thread) {
    }

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.close();
        }
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    private LogManagerConfig config() {
        return LogManagerConfig.defaults(dataDir).withCleanerEnabled(false).withClock(clock).withDefaults(
                LogConfig.builder().segmentBytes(4096).indexIntervalBytes(256).fsyncEnabled(false).build());
    }

    private void watch(LogManager m) {
        m.context().fileWork().observe(what -> work.add(new Work(what, Thread.currentThread())));
    }

    private <T> T onNetworkThread(Callable<T> task) throws Exception {
        return network.submit(task).get(30, TimeUnit.SECONDS);
    }

    private List<Work> doneOnNetworkThread() {
        return work.stream().filter(w -> network.inEventLoop(w.thread())).toList();
    }

    @Test
    void readsOfACompactedSegmentDoNotBuildItsIndexesOnTheReadingThread() throws Exception {
        manager = LogManager.open(config());
        watch(manager);
        TopicInfo t = manager.createTopic("c", 1, Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio",
                "0.01"));
        PartitionLog log = manager.log(t.partition(0));
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            append(log, TestBatches.batch(new String[]{"k" + random.nextInt(10)}, new String[]{"v" + i},
                    new long[]{clock.millis()}));
        }
        LogConfig c = log.config();
        log.updateConfig(c.toBuilder().segmentMs(1).build());
        clock.advance(2);
        append(log, seqBatch(0, 1, 10, clock.millis()));
        log.updateConfig(c);
        log.requestFlush();
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.Arrays.stream(log.segments())
                .limit(log.segmentCount() - 1L).allMatch(Segment::isFullyFlushed));
        assertEquals(1, manager.runCompaction());

        List<TestBatches.Rec> read = onNetworkThread(() -> readAll(log));
        TimestampAndOffset found = onNetworkThread(() -> log.offsetForTimestamp(clock.millis()));

        assertEquals(log.logEndOffset() - 1, read.get(read.size() - 1).offset());
        assertTrue(found != null && found.offset() >= 0, "found " + found);
        assertEquals(List.of(), doneOnNetworkThread(), "file work on the network thread");
        assertTrue(work.stream().anyMatch(w -> w.what().contains("index")), "the compaction built indexes: " + work);
    }

    @Test
    void aCorruptIndexFoundByAReadIsRebuiltInTheBackgroundWhileReadsGoOn() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("r", 1, Map.of());
        PartitionLog log = manager.log(t.partition(0));
        for (long seq = 0; seq < 600; seq += 3) {
            append(log, seqBatch(seq, 3, 40, clock.millis()));
        }
        List<TestBatches.Rec> before = readAll(log);
        assertTrue(log.segmentCount() > 3, "several segments");
        manager.close();
        Path index = log.dir().resolve(Segment.fileName(0, Segment.INDEX_SUFFIX));
        byte[] bytes = Files.readAllBytes(index);
        // Point the last entry into the middle of a batch: the load-time checks pass, a read's landing does not.
        bytes[bytes.length - 1] ^= 0x05;
        Files.write(index, bytes);
        manager = LogManager.open(config());
        watch(manager);
        PartitionLog reopened = manager.log(t.partition(0));

        assertEquals(before, onNetworkThread(() -> readAll(reopened)));
        for (long offset = 0; offset < 600; offset += 7) {
            long at = offset;
            TestBatches.Rec first = onNetworkThread(() -> TestBatches.parse(reopened.read(at, 1, true)).get(0));
            assertTrue(first.batchBase() <= offset && offset <= first.batchLast(), "read at " + offset);
        }
        assertEquals(before, onNetworkThread(() -> readAll(reopened)));
        await().atMost(Duration.ofSeconds(20)).until(() -> work.stream().anyMatch(w -> w.what().contains("index")));
        assertEquals(List.of(), doneOnNetworkThread(), "file work on the network thread");
        assertEquals(before, onNetworkThread(() -> readAll(reopened)));
    }

    @Test
    void afterACleanRestartTheFirstAppendFindsProducerStateLoaded() throws Exception {
        TopicPartition tp = new TopicPartition("p", 0);
        manager = LogManager.open(config());
        manager.createTopic("p", 1, Map.of());
        append(manager.log(tp), idempotent(4242L, 0, 0, 3));
        manager.close();

        manager = LogManager.open(config());
        watch(manager);
        PartitionLog log = manager.log(tp);
        assertTrue(log.producerState().isLoaded(), "the start loaded the producer state");
        AppendResult retry = onNetworkThread(() -> append(log, idempotent(4242L, 0, 0, 3)));
        assertTrue(retry.duplicate(), "the retried batch is recognised");
        assertEquals(0L, retry.firstOffset());
        AppendResult next = onNetworkThread(() -> append(log, idempotent(4242L, 0, 3, 2)));
        assertFalse(next.duplicate());
        assertEquals(3L, next.firstOffset());
        assertEquals(List.of(), doneOnNetworkThread(), "file work on the network thread");
    }
}
