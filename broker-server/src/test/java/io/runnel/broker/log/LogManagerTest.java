package io.runnel.broker.log;

import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicAlreadyExistsException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.topic.TopicNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.readAll;
import static io.runnel.broker.log.TestBatches.seqBatch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogManagerTest {
    @TempDir
    Path dataDir;
    private LogManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
    }

    private LogManagerConfig config() {
        return LogManagerConfig.defaults(dataDir).withDefaults(
                LogConfig.builder().segmentBytes(2048).indexIntervalBytes(256).build());
    }

    private LogManager reopen() {
        manager.close();
        manager = LogManager.open(config());
        return manager;
    }

    @Test
    void topicsComeBackExactlyAfterARestart() {
        manager = LogManager.open(config());
        TopicInfo orders = manager.createTopic("orders", 3, Map.of("retention.ms", "1000", "segment.bytes", "4096"));
        TopicInfo audit = manager.createTopic("audit.log_v2", 1, Map.of());
        for (int p = 0; p < 3; p++) {
            PartitionLog log = manager.log(orders.partition(p));
            for (int i = 0; i <= p; i++) {
                append(log, seqBatch(i, 1, 20, 0));
            }
        }
        reopen();
        assertEquals(orders, manager.registry().get("orders"));
        assertEquals(audit, manager.registry().get(audit.id()));
        for (int p = 0; p < 3; p++) {
            PartitionLog log = manager.log(orders.partition(p));
            assertEquals(p + 1, log.logEndOffset());
            assertEquals(p + 1, readAll(log).size());
            assertEquals(1000, log.config().retentionMs());
            assertEquals(4096, log.config().segmentBytes());
        }
        assertEquals(2048, manager.log(audit.partition(0)).config().segmentBytes());
    }

    @Test
    void badTopicRequestsAreRefusedWithTheirOwnExceptions() {
        manager = LogManager.open(config());
        manager.createTopic("a", 1, Map.of());
        assertThrows(TopicAlreadyExistsException.class, () -> manager.createTopic("a", 1, Map.of()));
        assertThrows(InvalidTopicException.class, () -> manager.createTopic("bad name", 1, Map.of()));
        assertThrows(InvalidTopicException.class, () -> manager.createTopic("..", 1, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> manager.createTopic("b", 1, Map.of("no.such", "1")));
        assertThrows(IllegalArgumentException.class, () -> manager.createTopic("b", 1, Map.of("retention.ms", "x")));
        assertThrows(TopicNotFoundException.class, () -> manager.deleteTopic("nope"));
        assertNull(manager.registry().get("b"));
        assertFalse(Files.exists(dataDir.resolve("b-0")));
    }

    @Test
    void deleteRemovesDirectoriesAndFailsPendingDurabilityWaits() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("gone", 2, Map.of());
        PartitionLog log = manager.log(t.partition(0));
        append(log, seqBatch(0, 1, 20, 0));
        manager.deleteTopic("gone");
        assertNull(manager.log(t.partition(0)));
        assertNull(manager.registry().get("gone"));
        assertFalse(Files.exists(dataDir.resolve("gone-0")));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var dirs = Files.list(dataDir)) {
                return dirs.noneMatch(p -> p.getFileName().toString().startsWith("gone-"));
            }
        });
        CompletableFuture<Void> late = log.whenDurable(1);
        assertTrue(late.isDone());
        assertThrows(IllegalStateException.class, () -> append(log, seqBatch(1, 1, 20, 0)));
        // The name can be reused at once, with a new id and empty logs.
        TopicInfo again = manager.createTopic("gone", 1, Map.of());
        assertFalse(again.id().equals(t.id()));
        assertEquals(0, manager.log(again.partition(0)).logEndOffset());
    }

    @Test
    void crashLeftoversOfCreateAndDeleteAreCleanedAtStart() throws Exception {
        manager = LogManager.open(config());
        TopicInfo kept = manager.createTopic("kept", 1, Map.of());
        append(manager.log(kept.partition(0)), seqBatch(0, 1, 20, 0));
        manager.close();
        // A delete that renamed a directory but crashed before removing it.
        Files.createDirectories(dataDir.resolve("old-0.0123abcd-delete"));
        Files.writeString(dataDir.resolve("old-0.0123abcd-delete").resolve("x.log"), "x");
        // A create that made a directory but crashed before registering the topic.
        Files.createDirectories(dataDir.resolve("half-0"));
        // A partition directory of a topic re-created under another id.
        Files.createDirectories(dataDir.resolve("kept-1"));
        manager = LogManager.open(config());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dataDir.resolve("old-0.0123abcd-delete")));
        assertFalse(Files.exists(dataDir.resolve("half-0")));
        assertFalse(Files.exists(dataDir.resolve("kept-1")));
        assertNull(manager.log(new TopicPartition("half", 0)));
        assertEquals(1, manager.log(kept.partition(0)).logEndOffset());
    }

    @Test
    void cleanShutdownWritesTheMarkerAndTheNextStartRemovesIt() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("t", 1, Map.of());
        for (int i = 0; i < 100; i++) {
            append(manager.log(t.partition(0)), seqBatch(i, 1, 50, 0));
        }
        manager.close();
        assertTrue(Files.exists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        Map<TopicPartition, Long> rps = new OffsetCheckpointFile(dataDir.resolve(LogManager.RECOVERY_POINT_FILE)).read();
        assertEquals(100L, rps.get(t.partition(0)));
        manager = LogManager.open(config());
        assertFalse(Files.exists(dataDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        assertEquals(100, manager.log(t.partition(0)).logEndOffset());
        assertEquals(0, manager.openSegmentHandles(), "a clean start opens no segment");
    }

    @Test
    void closeReleasesEveryFileAndMap() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("fd", 4, Map.of());
        for (int p = 0; p < 4; p++) {
            PartitionLog log = manager.log(t.partition(p));
            for (int i = 0; i < 60; i++) {
                append(log, seqBatch(i, 1, 60, 0));
            }
            readAll(log);
        }
        String dir = dataDir.toRealPath().toString();
        assertTrue(countOpen(dir) > 0, "segments are open while in use");
        assertTrue(manager.openSegmentHandles() > 0);
        manager.close();
        manager = null;
        assertEquals(0, countOpen(dir), "file descriptors and maps under " + dir + " after close");
    }

    @Test
    void deleteReleasesTheTopicsFilesAndMaps() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("del", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            PartitionLog log = manager.log(t.partition(p));
            for (int i = 0; i < 60; i++) {
                append(log, seqBatch(i, 1, 60, 0));
            }
            readAll(log);
        }
        assertTrue(countOpen(dataDir.toRealPath().toString()) > 0);
        manager.deleteTopic("del");
        // A flusher may still hold a pinned handle for a moment; it closes on release.
        String dir = dataDir.toRealPath().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> countOpen(dir) == 0 && manager.openSegmentHandles() == 0);
    }

    /** File descriptors and memory maps of this process that point under {@code dir}. */
    static int countOpen(String dir) throws Exception {
        int n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(dir)) {
                        n++;
                    }
                } catch (java.io.IOException ignored) {
                    // The descriptor closed while listing (the listing's own, for one).
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains(dir)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void openFilesStayWithinTheBound() throws Exception {
        manager = LogManager.open(config().withMaxOpenSegments(8));
        TopicInfo t = manager.createTopic("many", 40, Map.of());
        for (int round = 0; round < 3; round++) {
            for (int p = 0; p < 40; p++) {
                PartitionLog log = manager.log(t.partition(p));
                append(log, seqBatch(round, 1, 30, 0));
                assertTrue(manager.openSegmentHandles() <= 8, "open handles " + manager.openSegmentHandles());
            }
        }
        for (int p = 0; p < 40; p++) {
            assertEquals(3, readAll(manager.log(t.partition(p))).size());
        }
        assertTrue(countOpen(dataDir.toRealPath().toString()) <= 8 * 3);
    }

    @Test
    void retentionDeletesOldSegmentsAndMovesTheLogStart() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        manager = LogManager.open(config().withClock(clock));
        TopicInfo t = manager.createTopic("r", 1, Map.of("retention.ms", "60000"));
        PartitionLog log = manager.log(t.partition(0));
        for (int i = 0; i < 100; i++) {
            append(log, seqBatch(i, 1, 60, clock.millis() - 120_000));
        }
        for (int i = 100; i < 130; i++) {
            append(log, seqBatch(i, 1, 60, clock.millis()));
        }
        int before = log.segmentCount();
        assertTrue(before > 4);
        assertTrue(manager.runRetention() > 0);
        assertTrue(log.logStartOffset() > 0 && log.logStartOffset() <= 100, "start " + log.logStartOffset());
        assertThrows(OffsetOutsideLogException.class, () -> log.read(0, 100, true));
        List<TestBatches.Rec> left = readAll(log);
        assertEquals(130 - log.logStartOffset(), left.size());
        assertEquals(log.logStartOffset(), left.get(0).offset());
        // Nothing younger than retention.ms goes, and the active segment never does.
        clock.advance(1_000_000);
        manager.runRetention();
        assertEquals(1, log.segmentCount());
        assertEquals(log.segments()[0].baseOffset(), log.logStartOffset());
    }

    @Test
    void aSliceInFlightStaysReadableWhileRetentionDeletesItsSegment() throws Exception {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        manager = LogManager.open(config().withClock(clock));
        TopicInfo t = manager.createTopic("pin", 1, Map.of("retention.ms", "1000"));
        PartitionLog log = manager.log(t.partition(0));
        for (int i = 0; i < 60; i++) {
            append(log, seqBatch(i, 1, 60, clock.millis()));
        }
        LogSlice slice = log.read(0, 1500, true);
        clock.advance(10_000);
        assertTrue(manager.runRetention() > 0);
        assertThrows(OffsetOutsideLogException.class, () -> log.read(0, 100, true));
        // Sent with zero copy after the file was deleted: the pinned handle still reads it.
        Path out = dataDir.resolve("sent.bin");
        try (var ch = java.nio.channels.FileChannel.open(out, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            long sent = 0;
            while (sent < slice.length()) {
                sent += slice.transferTo(ch, sent);
            }
        } finally {
            slice.release();
        }
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(Files.readAllBytes(out));
        try {
            List<TestBatches.Rec> recs = TestBatches.parse(buf);
            assertEquals(0, recs.get(0).offset());
            for (int i = 0; i < recs.size(); i++) {
                assertEquals(i, TestBatches.seqOf(recs.get(i).value()));
            }
        } finally {
            buf.release();
        }
        String dir = dataDir.toRealPath().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> countOpenDeleted(dir) == 0);
    }

    /** Descriptors and maps of deleted files under {@code dir}: none may outlive the last reader. */
    private static int countOpenDeleted(String dir) throws Exception {
        int n = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains(dir) && line.endsWith("(deleted)")) {
                n++;
            }
        }
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir) && target.endsWith("(deleted)")) {
                        n++;
                    }
                } catch (java.io.IOException ignored) {
                    // Closed while listing.
                }
            }
        }
        return n;
    }

    @Test
    void retentionBytesKeepsAtLeastThatMuchAndTopicOverridesWin() {
        manager = LogManager.open(config());
        TopicInfo big = manager.createTopic("big", 1, Map.of("retention.bytes", "5000", "retention.ms", "-1"));
        TopicInfo keep = manager.createTopic("keep", 1, Map.of("retention.ms", "-1"));
        for (int i = 0; i < 200; i++) {
            append(manager.log(big.partition(0)), seqBatch(i, 1, 60, 0));
            append(manager.log(keep.partition(0)), seqBatch(i, 1, 60, 0));
        }
        manager.runRetention();
        PartitionLog b = manager.log(big.partition(0));
        assertTrue(b.sizeInBytes() >= 5000 && b.sizeInBytes() < 5000 + 2048, "size " + b.sizeInBytes());
        assertEquals(0, manager.log(keep.partition(0)).logStartOffset());
        assertEquals(200, readAll(manager.log(keep.partition(0))).size());
    }

    @Test
    void logStartOffsetSurvivesARestart() {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("s", 1, Map.of("retention.ms", "-1"));
        for (int i = 0; i < 200; i++) {
            append(manager.log(t.partition(0)), seqBatch(i, 1, 60, 0));
        }
        manager.log(t.partition(0)).advanceLogStartOffset(150);
        manager.runRetention();
        assertEquals(150, manager.log(t.partition(0)).logStartOffset());
        reopen();
        assertEquals(150, manager.log(t.partition(0)).logStartOffset());
        assertEquals(50, readAll(manager.log(t.partition(0))).size());
    }

    @Test
    void alterConfigsAndAddPartitionsArePersisted() {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("x", 1, Map.of());
        manager.alterTopicConfigs("x", Map.of("cleanup.policy", "compact"));
        assertTrue(manager.log(t.partition(0)).config().compactEnabled());
        manager.addPartitions("x", 3);
        assertNotNull(manager.log(t.partition(2)));
        reopen();
        TopicInfo after = manager.registry().get("x");
        assertEquals(3, after.partitionCount());
        assertEquals(t.id(), after.id());
        assertEquals(Map.of("cleanup.policy", "compact"), after.configs());
        assertTrue(manager.log(t.partition(1)).config().compactEnabled());
    }

    @Test
    void durableWaitsCompleteThroughTheManagersFlusher() throws Exception {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("d", 1, Map.of());
        PartitionLog log = manager.log(t.partition(0));
        AppendResult r = append(log, seqBatch(0, 5, 20, 0));
        log.whenDurable(r.nextOffset()).get(10, TimeUnit.SECONDS);
        assertEquals(5, log.durableOffset());
    }

    @Test
    void flushMsFlushesUnflushedDataOnTheSchedule() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        manager = LogManager.open(config().withClock(clock).withDefaults(LogConfig.builder().fsyncEnabled(false)
                .build()));
        TopicInfo t = manager.createTopic("fm", 1, Map.of("flush.ms", "5000"));
        PartitionLog log = manager.log(t.partition(0));
        append(log, seqBatch(0, 4, 20, 0));
        assertEquals(0, log.durableOffset());
        clock.advance(5_000);
        // The scheduler checks flush.ms every log.flush.scheduler.interval.ms (1 s by default).
        await().atMost(Duration.ofSeconds(10)).until(() -> log.durableOffset() == 4);
    }

    @Test
    void unknownOffsetsInAFutureFailOnClose() {
        manager = LogManager.open(config());
        TopicInfo t = manager.createTopic("w", 1, Map.of());
        PartitionLog log = manager.log(t.partition(0));
        CompletableFuture<Void> never = log.whenDurable(10);
        manager.close();
        manager = null;
        assertTrue(never.isDone());
        ExecutionException e = assertThrows(ExecutionException.class, never::get);
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
    }
}
