package io.runnel.broker.log;

import io.runnel.broker.topic.TopicInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactionTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private LogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private LogManagerConfig config() {
        return LogManagerConfig.defaults(dataDir).withCleanerEnabled(false).withClock(clock).withDefaults(
                LogConfig.builder().segmentBytes(4096).indexIntervalBytes(256).fsyncEnabled(false).build());
    }

    private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact",
            "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "60000");

    /** Appends batches of 1..4 records with random keys of 20; value "v<offset>" (or a tombstone). */
    private static Map<String, Long> writeKeys(PartitionLog log, int batches, Random random, Map<String, String> latest,
                                               double tombstoneRate, long timestamp) {
        Map<String, Long> latestOffset = new HashMap<>();
        for (int i = 0; i < batches; i++) {
            int n = 1 + random.nextInt(4);
            String[] keys = new String[n];
            String[] values = new String[n];
            long[] ts = new long[n];
            long base = log.logEndOffset();
            for (int j = 0; j < n; j++) {
                keys[j] = "k" + random.nextInt(20);
                values[j] = random.nextDouble() < tombstoneRate ? null : "v" + (base + j);
                ts[j] = timestamp;
                latest.put(keys[j], values[j]);
                latestOffset.put(keys[j], base + j);
            }
            append(log, TestBatches.batch(keys, values, ts));
        }
        return latestOffset;
    }

    private void roll(PartitionLog log) {
        // A segment.ms of 1 rolls at the next append; the batch goes to the new active segment.
        LogConfig c = log.config();
        log.updateConfig(c.toBuilder().segmentMs(1).build());
        clock.advance(2);
        append(log, TestBatches.batch(new String[]{"roll"}, new String[]{"r"}, new long[]{0}));
        log.updateConfig(c);
    }

    @Test
    void keepsTheLastValuePerKeyAndEveryKeptOffsetIsUnchanged() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("c", 1, COMPACT);
        PartitionLog log = manager.log(t.partition(0));
        Random random = new Random(5);
        Map<String, String> latest = new HashMap<>();
        writeKeys(log, 400, random, latest, 0.0, clock.millis());
        roll(log);
        assertEquals(1, log.segments()[log.segmentCount() - 1].size() > 0 ? 1 : 0);
        long end = log.logEndOffset();
        List<TestBatches.Rec> before = readAll(log);
        flushAllClosed(log);
        assertEquals(1, manager.runCompaction());

        List<TestBatches.Rec> after = readAll(log);
        assertEquals(end, log.logEndOffset());
        assertTrue(after.size() < before.size() / 5, after.size() + " of " + before.size() + " records kept");
        Map<String, TestBatches.Rec> seen = new HashMap<>();
        long prev = -1;
        for (TestBatches.Rec r : after) {
            assertTrue(r.offset() > prev, "offsets increase");
            prev = r.offset();
            assertEquals("v" + r.offset(), r.value().equals("r") ? "v" + r.offset() : r.value(),
                    "a kept record keeps its offset");
            assertNull(seen.put(r.key(), r), "one record per key, " + r.key() + " twice");
        }
        for (Map.Entry<String, String> e : latest.entrySet()) {
            assertEquals(e.getValue(), seen.get(e.getKey()).value(), "latest value of " + e.getKey());
        }
        // Each kept record is the very record that was at that offset before.
        Map<Long, TestBatches.Rec> byOffset = new HashMap<>();
        before.forEach(r -> byOffset.put(r.offset(), r));
        for (TestBatches.Rec r : after) {
            TestBatches.Rec old = byOffset.get(r.offset());
            assertEquals(old.key(), r.key());
            assertEquals(old.value(), r.value());
            assertEquals(old.timestamp(), r.timestamp());
        }
        // Reading at an offset that compaction removed returns the next surviving batch.
        long gone = before.stream().mapToLong(TestBatches.Rec::offset).filter(o -> !byOffsetKept(after, o))
                .findFirst().orElseThrow();
        TestBatches.Rec next = TestBatches.parse(log.read(gone, 1, true)).get(0);
        assertTrue(next.batchLast() >= gone);
        // Nothing new is dirty: a second pass does nothing.
        assertEquals(0, manager.runCompaction());
        // After a restart (indexes rebuilt from the compacted files) the log reads the same.
        manager.close();
        manager = LogManager.open(config());
        assertEquals(after, readAll(manager.log(t.partition(0))));
    }

    private static boolean byOffsetKept(List<TestBatches.Rec> kept, long offset) {
        return kept.stream().anyMatch(r -> r.offset() == offset);
    }

    private static void flushAllClosed(PartitionLog log) throws Exception {
        log.whenDurable(log.logEndOffset());
        log.requestFlush();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                Arrays.stream(log.segments()).limit(log.segmentCount() - 1L).allMatch(Segment::isFullyFlushed));
    }

    @Test
    void tombstonesHideOlderValuesAndGoAfterDeleteRetention() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("c", 1, COMPACT);
        PartitionLog log = manager.log(t.partition(0));
        Random random = new Random(9);
        Map<String, String> latest = new HashMap<>();
        writeKeys(log, 300, random, latest, 0.3, clock.millis());
        roll(log);
        flushAllClosed(log);
        manager.runCompaction();
        Map<String, String> seen = new HashMap<>();
        for (TestBatches.Rec r : readAll(log)) {
            seen.put(r.key(), r.value());
        }
        for (Map.Entry<String, String> e : latest.entrySet()) {
            assertTrue(seen.containsKey(e.getKey()), "tombstones are kept within delete.retention.ms");
            assertEquals(e.getValue(), seen.get(e.getKey()));
        }
        clock.advance(60_001);
        // New dirty data so the cleaner runs again; the old tombstones are now past delete.retention.ms.
        Map<String, Long> rewritten = writeKeys(log, 5, new Random(1), new HashMap<>(), 0.0, clock.millis());
        roll(log);
        flushAllClosed(log);
        manager.runCompaction();
        Map<String, String> left = new HashMap<>();
        for (TestBatches.Rec r : readAll(log)) {
            if (r.timestamp() < clock.millis() - 60_000) {
                assertTrue(r.value() != null, "an expired tombstone for " + r.key() + " survived");
            }
            left.put(r.key(), r.value());
        }
        for (Map.Entry<String, String> e : latest.entrySet()) {
            if (e.getValue() == null && !rewritten.containsKey(e.getKey())) {
                assertFalse(left.containsKey(e.getKey()), "deleted key " + e.getKey() + " came back");
            }
        }
        long expiredTombstones = latest.values().stream().filter(v -> v == null).count();
        assertTrue(expiredTombstones > 0, "the test wrote tombstones that stayed latest");
    }

    @Test
    void anInterruptedSwapIsFinishedAtStartAndAHalfWrittenCopyIsDropped() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("c", 1, COMPACT);
        PartitionLog log = manager.log(t.partition(0));
        writeKeys(log, 200, new Random(3), new HashMap<>(), 0.0, clock.millis());
        roll(log);
        Path dir = log.dir();
        List<TestBatches.Rec> all = readAll(log);
        manager.close();
        manager = null;
        long[] bases = LogLoader.listSegments(dir);
        // A committed swap of the first segment: its first two batches only (a valid, smaller copy).
        Path first = dir.resolve(Segment.fileName(bases[0], Segment.LOG_SUFFIX));
        byte[] bytes = Files.readAllBytes(first);
        int two = batchSize(bytes, 0) + batchSize(bytes, batchSize(bytes, 0));
        Files.write(dir.resolve(first.getFileName() + LogLoader.SWAP_SUFFIX), Arrays.copyOf(bytes, two));
        // An uncommitted copy of the second segment: garbage that must not be used.
        Path second = dir.resolve(Segment.fileName(bases[1], Segment.LOG_SUFFIX));
        Files.write(dir.resolve(second.getFileName() + LogLoader.CLEANED_SUFFIX), new byte[]{1, 2, 3});
        Files.delete(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));

        manager = LogManager.open(config());
        PartitionLog reopened = manager.log(t.partition(0));
        assertFalse(Files.exists(dir.resolve(second.getFileName() + LogLoader.CLEANED_SUFFIX)));
        assertFalse(Files.exists(dir.resolve(first.getFileName() + LogLoader.SWAP_SUFFIX)));
        assertEquals(two, Files.size(first));
        List<TestBatches.Rec> now = readAll(reopened);
        long secondBase = bases[1];
        List<TestBatches.Rec> expected = new java.util.ArrayList<>();
        for (TestBatches.Rec r : all) {
            if (r.offset() >= secondBase || r.batchBase() < firstBatchesEnd(all, 2)) {
                expected.add(r);
            }
        }
        assertEquals(expected, now);
    }

    /** A compacted log with dirty closed segments, flushed, ready for a pass. */
    private PartitionLog dirtyCompactedLog(long seed) throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("c", 1, COMPACT);
        PartitionLog log = manager.log(t.partition(0));
        writeKeys(log, 200, new Random(seed), new HashMap<>(), 0.0, clock.millis());
        roll(log);
        flushAllClosed(log);
        return log;
    }

    private static boolean isSegmentLogFile(Path target) {
        return target.getFileName().toString().endsWith(Segment.LOG_SUFFIX);
    }

    private static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSwapRenamesFilesWithoutHoldingUpAnAppendThatRolls() throws Exception {
        PartitionLog log = dirtyCompactedLog(11);
        CountDownLatch renaming = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        LogCompactor compactor = new LogCompactor((from, to) -> {
            if (isSegmentLogFile(to)) {
                renaming.countDown();
                try {
                    if (!proceed.await(20, TimeUnit.SECONDS)) {
                        throw new IOException("the test never let the rename of " + from + " go on");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted before renaming " + from, e);
                }
            }
            move(from, to);
        });
        ExecutorService cleaner = Executors.newSingleThreadExecutor();
        try {
            Future<Long> pass = cleaner.submit(() -> compactor.compact(log, 0, clock.millis()));
            assertTrue(renaming.await(20, TimeUnit.SECONDS), "the swap reached its rename");
            int segments = log.segmentCount();
            long end = log.logEndOffset();
            // The swap is stopped inside its file rename: an append that rolls must not wait for it.
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> roll(log));
            assertEquals(segments + 1, log.segmentCount());
            assertEquals(end + 1, log.logEndOffset());
            proceed.countDown();
            assertTrue(pass.get(20, TimeUnit.SECONDS) > 0, "the pass compacted the log");
        } finally {
            proceed.countDown();
            cleaner.shutdown();
            assertTrue(cleaner.awaitTermination(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSwapThatFailsHalfwayKeepsTheOldSegmentReadableAndAHealthyPassCompactsLater() throws Exception {
        PartitionLog log = dirtyCompactedLog(12);
        List<TestBatches.Rec> before = readAll(log);
        TimestampAndOffset first = log.offsetForTimestamp(0);
        LogCompactor failing = new LogCompactor((from, to) -> {
            if (isSegmentLogFile(to)) {
                throw new IOException("simulated failure renaming " + from + " to " + to);
            }
            move(from, to);
        });
        assertThrows(IOException.class, () -> failing.compact(log, 0, clock.millis()));
        // Reads and timestamp searches must end, and see the segment as it was before the pass.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(before, readAll(log));
            assertEquals(first, log.offsetForTimestamp(0));
        });
        assertEquals(1, manager.runCompaction());
        List<TestBatches.Rec> after = readAll(log);
        assertTrue(after.size() < before.size() / 2, after.size() + " of " + before.size() + " records kept");
        manager.close();
        manager = LogManager.open(config());
        assertEquals(after, readAll(manager.log(log.topicPartition())));
    }

    private static int batchSize(byte[] log, int at) {
        return java.nio.ByteBuffer.wrap(log).getInt(at + 8) + 12;
    }

    /** The base offset of the third batch: the first two batches' records lie below it. */
    private static long firstBatchesEnd(List<TestBatches.Rec> all, int batches) {
        return all.stream().mapToLong(TestBatches.Rec::batchBase).distinct().sorted().skip(batches).findFirst()
                .orElseThrow();
    }
}
