package io.runnel.client.internal.producer;

import io.netty.buffer.PooledByteBufAllocator;
import io.runnel.client.Partitioner;
import io.runnel.client.ProducerRecord;
import io.runnel.client.RecordMetadata;
import io.runnel.protocol.record.compression.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordAccumulatorTest {
    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long DELIVERY = TimeUnit.SECONDS.toNanos(120);
    private static final int BATCH = 256;

    private long now = 1_000_000_000L;
    private final AtomicInteger wakeups = new AtomicInteger();
    private final BufferPool pool = new BufferPool(4096, PooledByteBufAllocator.DEFAULT);
    private final List<ProducerBatch> taken = new ArrayList<>();

    private RecordAccumulator accumulator(Partitioner partitioner) {
        return new RecordAccumulator(pool, partitioner, BATCH, LINGER, DELIVERY, Compression.none(),
                PooledByteBufAllocator.DEFAULT, () -> now, wakeups::incrementAndGet);
    }

    private final RecordAccumulator acc = accumulator(Partitioner.keyHash());

    @AfterEach
    void releaseEverything() {
        List<ProducerBatch> rest = new ArrayList<>(taken);
        List<PendingRecord> pending = new ArrayList<>();
        acc.abortAll(rest, pending);
        for (ProducerBatch batch : rest) {
            batch.fail(new IllegalStateException("test over"));
            acc.done(batch);
        }
        assertEquals(4096, pool.availableMemory(), "every byte comes back");
    }

    private static ProducerRecord record(int partition, String value) {
        return ProducerRecord.builder("t").partition(partition).value(value).build();
    }

    private CompletableFuture<RecordMetadata> append(RecordAccumulator accumulator, ProducerRecord record)
            throws InterruptedException {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        AppendOutcome result = accumulator.append(record, 1000L, future, 0);
        assertTrue(result == AppendOutcome.APPENDED || result == AppendOutcome.NEW_BATCH
                || result == AppendOutcome.PENDING_METADATA, "appended: " + result);
        return future;
    }

    private PartitionQueue queue(int partition) {
        return acc.topic("t").partition(partition);
    }

    private ProducerBatch take(PartitionQueue queue) {
        ProducerBatch head = queue.peekFirst();
        assertTrue(acc.take(queue, head));
        taken.add(head);
        return head;
    }

    private static List<String> values(ProducerBatch batch) {
        List<String> out = new ArrayList<>();
        byte[] bytes = new byte[batch.wire().readableBytes()];
        batch.wire().getBytes(0, bytes);
        for (Record record : MemoryRecords.readableRecords(ByteBuffer.wrap(bytes)).records()) {
            out.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return out;
    }

    private void knowTopic(int partitions) {
        acc.updatePartitionCount(acc.topic("t") == null ? topicOf(acc) : acc.topic("t"), partitions, new ArrayList<>());
    }

    private TopicQueues topicOf(RecordAccumulator accumulator) {
        // A topic becomes known to the accumulator with its first record; register it with a record that waits.
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        try {
            assertEquals(AppendOutcome.PENDING_METADATA, accumulator.append(record(0, "first"), 1000L, future, 0));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return accumulator.topic("t");
    }

    @Test
    void aBatchIsReadyAfterLingerAndNotBefore() throws Exception {
        knowTopic(2);
        append(acc, record(1, "a"));
        now += LINGER / 2;
        append(acc, record(1, "b"));
        assertEquals(now - LINGER / 2 + LINGER, acc.readyAt(queue(1), now), "linger counts from the first record");
        assertTrue(acc.readyAt(queue(1), now) > now);
        now += LINGER / 2;
        assertTrue(acc.readyAt(queue(1), now) <= now);
        assertEquals(RecordAccumulator.NEVER, acc.readyAt(new PartitionQueue("t", 9), now));
        assertEquals(List.of("a", "b"), values(take(queue(1))));
    }

    @Test
    void aFullBatchIsReadyAtOnceAndTheNextRecordStartsANewOne() throws Exception {
        knowTopic(1);
        String value = "x".repeat(60);
        int records = 0;
        int wakeupsBefore = wakeups.get();
        while (queue(0).peekFirst() == null || !queue(0).peekFirst().isFull()) {
            append(acc, record(0, value + records++));
        }
        assertTrue(acc.readyAt(queue(0), now) <= now, "full means ready without linger");
        assertEquals(2, wakeups.get() - wakeupsBefore, "the full batch and the next one wake the sender");
        ProducerBatch first = take(queue(0));
        assertEquals(records, first.recordCount(), "'first' and all but the record that did not fit");
        assertTrue(first.sizeInBytes() <= BATCH);
        ProducerBatch second = queue(0).peekFirst();
        assertEquals(1, second.recordCount());
        assertEquals(value + (records - 1), values(take(queue(0))).get(0));
    }

    @Test
    void stickyPartitionerMovesWhenTheBatchFillsWithoutLeavingALoneRecordBehind() throws Exception {
        RecordAccumulator sticky = accumulator(Partitioner.sticky());
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        sticky.append(ProducerRecord.of("s", (String) null, "first"), 1L, f, 0);
        sticky.updatePartitionCount(sticky.topic("s"), 3, new ArrayList<>());
        String value = "y".repeat(60);
        int start = -1;
        for (int p = 0; p < 3; p++) {
            if (!sticky.topic("s").partition(p).isEmpty()) {
                start = p;
            }
        }
        for (int i = 0; i < 3; i++) {
            sticky.append(ProducerRecord.of("s", (String) null, value), 1L, new CompletableFuture<>(), 0);
        }
        PartitionQueue first = sticky.topic("s").partition(start);
        assertTrue(first.peekFirst().isFull());
        int moved = 0;
        for (int p = 0; p < 3; p++) {
            PartitionQueue q = sticky.topic("s").partition(p);
            if (p != start && !q.isEmpty()) {
                moved += q.peekFirst().recordCount();
            }
        }
        assertEquals(1, moved, "the record that did not fit went to the new sticky partition");
        List<ProducerBatch> rest = new ArrayList<>();
        sticky.abortAll(rest, new ArrayList<>());
        rest.forEach(b -> {
            b.fail(new IllegalStateException("over"));
            sticky.done(b);
        });
    }

    @Test
    void recordsWaitForMetadataAndKeepTheirOrder() throws Exception {
        RecordAccumulator keyed = acc;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
            assertEquals(AppendOutcome.PENDING_METADATA,
                    keyed.append(ProducerRecord.of("t", "same-key", "v" + i), 1000L + i, future, 0));
            futures.add(future);
        }
        assertTrue(pool.availableMemory() < 4096, "pending records hold memory");
        List<String> asked = new ArrayList<>();
        keyed.takeMetadataRequests(asked);
        assertEquals(List.of("t"), asked);
        asked.clear();
        keyed.takeMetadataRequests(asked);
        assertTrue(asked.isEmpty(), "asked once");
        List<PendingRecord> failed = new ArrayList<>();
        keyed.updatePartitionCount(keyed.topic("t"), 4, failed);
        assertTrue(failed.isEmpty());
        int partition = Partitioner.partitionForKey("same-key".getBytes(StandardCharsets.UTF_8), 4);
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), values(take(queue(partition))));
        assertFalse(futures.get(0).isDone());
    }

    @Test
    void anExplicitPartitionBeyondTheTopicIsRefused() throws Exception {
        knowTopic(2);
        assertEquals(AppendOutcome.INVALID_PARTITION, acc.append(record(2, "x"), 1L, new CompletableFuture<>(), 0));
    }

    @Test
    void aPartitionerAnswerOutOfRangeFailsTheRecordThatWaitedForMetadata() throws Exception {
        RecordAccumulator broken = accumulator((r, n) -> n);
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        assertEquals(AppendOutcome.PENDING_METADATA,
                broken.append(ProducerRecord.of("b", "k", "v"), 1L, future, 0));
        List<PendingRecord> failed = new ArrayList<>();
        broken.updatePartitionCount(broken.topic("b"), 2, failed);
        assertEquals(1, failed.size());
        assertSame(future, failed.get(0).future());
        assertEquals(AppendOutcome.PARTITIONER_OUT_OF_RANGE,
                broken.append(ProducerRecord.of("b", "k", "v"), 1L, new CompletableFuture<>(), 0));
    }

    @Test
    void batchesAndPendingRecordsExpireAfterTheDeliveryTimeout() throws Exception {
        knowTopic(1);
        append(acc, record(0, "old"));
        CompletableFuture<RecordMetadata> waiting = new CompletableFuture<>();
        acc.append(ProducerRecord.of("unknown-topic", "k", "v"), 1L, waiting, 0);
        now += DELIVERY / 2;
        List<ProducerBatch> expired = new ArrayList<>();
        List<PendingRecord> expiredPending = new ArrayList<>();
        acc.expire(now, expired, expiredPending);
        assertTrue(expired.isEmpty() && expiredPending.isEmpty());
        now += DELIVERY / 2;
        acc.expire(now, expired, expiredPending);
        assertEquals(1, expired.size(), "the batch holding 'first' and 'old'");
        assertEquals(1, expiredPending.size());
        assertSame(waiting, expiredPending.get(0).future());
        for (ProducerBatch batch : expired) {
            batch.fail(new IllegalStateException("expired"));
            acc.done(batch);
        }
        assertTrue(queue(0).isEmpty());
    }

    @Test
    void flushAndCloseMakeEveryBatchReadyAtOnce() throws Exception {
        knowTopic(1);
        append(acc, record(0, "a"));
        assertTrue(acc.readyAt(queue(0), now) > now);
        acc.beginFlush();
        assertTrue(acc.readyAt(queue(0), now) <= now);
        acc.endFlush();
        assertTrue(acc.readyAt(queue(0), now) > now);
        acc.beginClose();
        assertTrue(acc.readyAt(queue(0), now) <= now);
    }

    @Test
    void aRetryIsReadyAtItsBackoffAndGoesBackToTheHead() throws Exception {
        knowTopic(1);
        append(acc, record(0, "a"));
        ProducerBatch batch = take(queue(0));
        taken.remove(batch);
        batch.onSend();
        append(acc, record(0, "b"));
        batch.retryAt(now + 100);
        queue(0).reenqueue(batch);
        assertSame(batch, queue(0).peekFirst());
        assertEquals(now + 100, acc.readyAt(queue(0), now));
        ProducerBatch again = take(queue(0));
        assertSame(batch, again);
        assertEquals(List.of("first", "a"), values(again), "the retried batch, sealed once, is the same bytes");
        assertEquals(List.of("b"), values(take(queue(0))));
    }

    @Test
    void doneBatchesCompleteTheirFuturesWithOffsetsAndTimestamps() throws Exception {
        knowTopic(1);
        CompletableFuture<RecordMetadata> a = append(acc, record(0, "a"));
        ProducerBatch batch = take(queue(0));
        taken.remove(batch);
        batch.complete(40, -1);
        acc.done(batch);
        assertEquals(new RecordMetadata("t", 0, 41, 1000L), a.getNow(null), "'first' is offset 40, 'a' 41");
    }
}
