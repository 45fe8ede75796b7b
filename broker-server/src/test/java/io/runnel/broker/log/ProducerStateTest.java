package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.runnel.broker.log.TestBatches.append;
import static io.runnel.broker.log.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotent producers at the log: duplicates, gaps, epochs, and state that survives restarts and crashes. */
class ProducerStateTest {
    private static final long PID = 4242;

    @TempDir
    Path dir;
    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void tearDown() throws Exception {
        support.close();
    }

    /** A batch of {@code count} records "p<firstSeq + i>" from producer {@code pid}. */
    static ByteBuf idempotent(long pid, int epoch, int firstSeq, int count) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            b.producer(pid, (short) epoch, firstSeq);
            for (int i = 0; i < count; i++) {
                b.append(1_000 + i, null, ("p" + (firstSeq + i)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    private PartitionLog create() {
        return support.create(dir.resolve("t-0"), LogConfig.defaults());
    }

    private static ProducerStateException refused(PartitionLog log, ByteBuf batch,
                                                  ProducerStateException.Reason reason) {
        long end = log.logEndOffset();
        ProducerStateException e = assertThrows(ProducerStateException.class, () -> append(log, batch));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(end, log.logEndOffset(), "nothing is written");
        return e;
    }

    private static List<String> values(PartitionLog log) {
        return readAll(log).stream().map(TestBatches.Rec::value).toList();
    }

    @Test
    void anExactRetryOfAnyOfTheLastFiveBatchesGetsItsOriginalOffsetsAndWritesNothing() {
        PartitionLog log = create();
        append(log, TestBatches.seqBatch(0, 2, 5, 1));
        for (int b = 0; b < 6; b++) {
            AppendResult r = append(log, idempotent(PID, 0, b * 3, 3));
            assertEquals(2 + b * 3, r.firstOffset());
            assertFalse(r.duplicate());
        }
        long end = log.logEndOffset();
        for (int b = 1; b < 6; b++) {
            AppendResult again = append(log, idempotent(PID, 0, b * 3, 3));
            assertTrue(again.duplicate());
            assertEquals(2 + b * 3, again.firstOffset());
            assertEquals(4 + b * 3, again.lastOffset());
            assertEquals(-1, again.logAppendTime());
        }
        assertEquals(end, log.logEndOffset());
        // The first batch is no longer among the last five: Kafka calls its retry out of order.
        refused(log, idempotent(PID, 0, 0, 3), ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertEquals(20, values(log).size());
    }

    @Test
    void aGapIsOutOfOrderAndTheNextInSequenceBatchStillFits() {
        PartitionLog log = create();
        append(log, idempotent(PID, 0, 0, 2));
        ProducerStateException e = refused(log, idempotent(PID, 0, 3, 1),
                ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertTrue(e.getMessage().contains("producer 4242") && e.getMessage().contains("expected 2"),
                e.getMessage());
        // A batch overlapping the last one without matching it exactly is not a duplicate either.
        refused(log, idempotent(PID, 0, 1, 2), ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertEquals(2, append(log, idempotent(PID, 0, 2, 1)).firstOffset());
        assertEquals(List.of("p0", "p1", "p2"), values(log));
    }

    @Test
    void epochsFenceOlderInstancesAndANewEpochStartsAtZero() {
        PartitionLog log = create();
        append(log, idempotent(PID, 3, 0, 1));
        refused(log, idempotent(PID, 2, 1, 1), ProducerStateException.Reason.INVALID_PRODUCER_EPOCH);
        refused(log, idempotent(PID, 4, 1, 1), ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertEquals(1, append(log, idempotent(PID, 4, 0, 1)).firstOffset());
        // Once epoch 4 wrote, epoch 3 is fenced even for a batch that would have followed its sequence.
        refused(log, idempotent(PID, 3, 1, 1), ProducerStateException.Reason.INVALID_PRODUCER_EPOCH);
        // A retry of the old epoch's batch is no duplicate any more: the epoch moved on.
        refused(log, idempotent(PID, 3, 0, 1), ProducerStateException.Reason.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void anUnknownProducerMayStartAtAnySequenceAndProducersAreIndependent() {
        PartitionLog log = create();
        assertEquals(0, append(log, idempotent(PID, 0, 57, 2)).firstOffset());
        assertEquals(2, append(log, idempotent(PID + 1, 0, 0, 1)).firstOffset());
        assertEquals(3, append(log, idempotent(PID, 0, 59, 1)).firstOffset());
        assertTrue(append(log, idempotent(PID + 1, 0, 0, 1)).duplicate());
    }

    @Test
    void sequencesWrapFromIntMaxToZero() {
        PartitionLog log = create();
        append(log, idempotent(PID, 0, Integer.MAX_VALUE - 1, 2));
        assertEquals(Integer.MAX_VALUE, log.producerState().entry(PID).lastSequence());
        // A batch may wrap inside itself too: MAX-1, MAX, 0.
        assertEquals(2, append(log, idempotent(PID, 0, 0, 1)).firstOffset());
        assertTrue(append(log, idempotent(PID, 0, 0, 1)).duplicate());
        PartitionLog other = support.create(dir.resolve("t-1"), LogConfig.defaults());
        append(other, idempotent(PID, 0, Integer.MAX_VALUE - 1, 3));
        assertEquals(0, other.producerState().entry(PID).lastSequence());
        assertEquals(3, append(other, idempotent(PID, 0, 1, 1)).firstOffset());
    }

    @Test
    void aProducerBatchMustBeAppendedAlone() {
        PartitionLog log = create();
        ByteBuf two = Unpooled.buffer();
        ByteBuf a = idempotent(PID, 0, 0, 1);
        ByteBuf b = TestBatches.seqBatch(1, 1, 5, 1);
        two.writeBytes(b).writeBytes(a);
        a.release();
        b.release();
        assertThrows(IllegalArgumentException.class, () -> append(log, two));
        assertEquals(0, log.logEndOffset());
    }

    @Test
    void logAppendTimeTopicsAnswerADuplicateWithTheOriginalAppendTime() {
        PartitionLog log = support.create(dir.resolve("t-0"), LogConfig.builder().logAppendTime(true).build());
        long t0 = support.clock.millis();
        AppendResult first = append(log, idempotent(PID, 0, 0, 2));
        assertEquals(t0, first.logAppendTime());
        support.clock.advance(5_000);
        AppendResult retry = append(log, idempotent(PID, 0, 0, 2));
        assertTrue(retry.duplicate());
        assertEquals(t0, retry.logAppendTime());
    }

    @Test
    void stateSurvivesACleanRestartThroughTheSnapshotWrittenAtClose() throws Exception {
        PartitionLog log = create();
        for (int b = 0; b < 3; b++) {
            append(log, idempotent(PID, 1, b * 2, 2));
        }
        PartitionLog reopened = support.reopenClean(log);
        assertEquals(List.of(6L), ProducerSnapshotFile.list(reopened.dir()));
        AppendResult retry = append(reopened, idempotent(PID, 1, 4, 2));
        assertTrue(retry.duplicate());
        assertEquals(4, retry.firstOffset());
        refused(reopened, idempotent(PID, 0, 6, 1), ProducerStateException.Reason.INVALID_PRODUCER_EPOCH);
        refused(reopened, idempotent(PID, 1, 7, 1), ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertEquals(6, append(reopened, idempotent(PID, 1, 6, 1)).firstOffset());
    }

    @Test
    void afterACrashTheBatchesPastTheSnapshotAreReplayedFromTheLog() throws Exception {
        PartitionLog log = create();
        append(log, idempotent(PID, 0, 0, 2));
        log.producerStore().checkpoint();
        assertEquals(List.of(2L), ProducerSnapshotFile.list(log.dir()));
        append(log, TestBatches.seqBatch(2, 3, 5, 1));
        append(log, idempotent(PID, 0, 2, 2));
        append(log, idempotent(PID + 7, 2, 10, 1));
        log.whenDurable(log.logEndOffset()).get();
        PartitionLog recovered = support.reopenAfterCrash(log);
        assertEquals(8, recovered.logEndOffset());
        AppendResult retry = append(recovered, idempotent(PID, 0, 2, 2));
        assertTrue(retry.duplicate(), "the batch after the snapshot was replayed");
        assertEquals(5, retry.firstOffset());
        assertTrue(append(recovered, idempotent(PID, 0, 0, 2)).duplicate(), "the batch in the snapshot");
        assertTrue(append(recovered, idempotent(PID + 7, 2, 10, 1)).duplicate());
        refused(recovered, idempotent(PID + 7, 1, 11, 1), ProducerStateException.Reason.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void withoutAnySnapshotTheWholeLogIsReplayedAcrossSegments() throws Exception {
        LogConfig small = LogConfig.builder().segmentBytes(300).build();
        PartitionLog log = support.create(dir.resolve("t-0"), small);
        for (int b = 0; b < 20; b++) {
            append(log, idempotent(PID, 0, b, 1));
        }
        assertTrue(log.segmentCount() > 3, log.segmentCount() + " segments");
        log.whenDurable(log.logEndOffset()).get();
        PartitionLog recovered = support.reopenAfterCrash(log);
        assertEquals(List.of(), ProducerSnapshotFile.list(recovered.dir()));
        for (int b = 15; b < 20; b++) {
            assertTrue(append(recovered, idempotent(PID, 0, b, 1)).duplicate(), "batch " + b);
        }
        refused(recovered, idempotent(PID, 0, 14, 1), ProducerStateException.Reason.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertEquals(20, append(recovered, idempotent(PID, 0, 20, 1)).firstOffset());
    }

    @Test
    void aSnapshotPastTheRecoveredLogEndIsDroppedAndAnUnreadableOneIsSkipped() throws Exception {
        PartitionLog log = create();
        append(log, idempotent(PID, 0, 0, 1));
        log.whenDurable(1).get();
        log.producerStore().checkpoint();
        append(log, idempotent(PID, 0, 1, 1));
        log.producerStore().checkpoint();
        assertEquals(List.of(1L, 2L), ProducerSnapshotFile.list(log.dir()));
        Path dirOfLog = log.dir();
        log.closeWithoutFlush(new IllegalStateException("simulated crash"));
        // The crash lost the second batch (its bytes never reached the disk); the newer snapshot describes it.
        Path segment = dirOfLog.resolve(Segment.fileName(0, Segment.LOG_SUFFIX));
        long firstBatch;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            firstBatch = ch.size() / 2;
            ch.truncate(firstBatch);
        }
        PartitionLog recovered = support.open(dirOfLog, LogConfig.defaults(), 0, 0, false);
        assertEquals(1, recovered.logEndOffset());
        AppendResult again = append(recovered, idempotent(PID, 0, 1, 1));
        assertFalse(again.duplicate(), "the lost batch is written again, not answered from the stale snapshot");
        assertEquals(1, again.firstOffset());
        assertEquals(List.of(1L), ProducerSnapshotFile.list(dirOfLog));

        // A damaged snapshot is ignored: the log is replayed instead.
        recovered.producerStore().checkpoint();
        Path newest = ProducerSnapshotFile.path(dirOfLog, 2);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 1;
        Files.write(newest, bytes);
        recovered.whenDurable(2).get();
        PartitionLog again2 = support.reopenAfterCrash(recovered);
        assertTrue(append(again2, idempotent(PID, 0, 1, 1)).duplicate());
    }

    @Test
    void idleProducersExpireAndThenStartAfresh() throws Exception {
        PartitionLog log = support.create(dir.resolve("t-0"),
                LogConfig.builder().producerIdExpirationMs(60_000).build());
        append(log, idempotent(PID, 0, 0, 1));
        append(log, idempotent(PID + 1, 0, 0, 1));
        support.clock.advance(30_000);
        append(log, idempotent(PID + 1, 0, 1, 1));
        support.clock.advance(30_000);
        log.producerStore().checkpoint();
        assertEquals(null, log.producerState().entry(PID), "idle for the whole expiration time");
        assertEquals(1, log.producerState().entry(PID + 1).lastSequence());
        // Forgotten: like any unknown producer, its next batch is taken whatever its sequence.
        assertFalse(append(log, idempotent(PID, 0, 9, 1)).duplicate());
    }

    @Test
    void snapshotsAreWrittenOnlyWhenSomethingChangedAndTwoAreKept() throws Exception {
        PartitionLog log = create();
        append(log, idempotent(PID, 0, 0, 1));
        log.producerStore().checkpoint();
        log.producerStore().checkpoint();
        assertEquals(List.of(1L), ProducerSnapshotFile.list(log.dir()));
        append(log, TestBatches.seqBatch(1, 1, 5, 1));
        log.producerStore().checkpoint();
        append(log, idempotent(PID, 0, 1, 1));
        log.producerStore().checkpoint();
        assertEquals(List.of(2L, 3L), ProducerSnapshotFile.list(log.dir()));
        assertEquals(RecordBatch.NO_SEQUENCE, new ProducerEntry(1, (short) 0).lastSequence());
    }
}
