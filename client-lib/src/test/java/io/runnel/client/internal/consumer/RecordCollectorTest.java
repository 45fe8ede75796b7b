package io.runnel.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.runnel.client.ConcurrentConsumerUseException;
import io.runnel.client.ConsumerRecord;
import io.runnel.client.ConsumerRecords;
import io.runnel.client.OffsetReset;
import io.runnel.client.TopicPartition;
import io.runnel.client.internal.compression.Codecs;
import io.runnel.protocol.record.KafkaBatches;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one poll returns from buffered fetches: maxPollRecords, positions, stale data, waiting and wakeup. */
class RecordCollectorTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    private final FetchPositions positions = new FetchPositions(OffsetReset.EARLIEST);
    private final FetchBuffer buffer = new FetchBuffer();
    private final List<TopicPartition> released = new ArrayList<>();
    private final RecordCollector collector = new RecordCollector(buffer, positions, released::add);

    private static ByteBuf records(long base, int count) {
        SimpleRecord[] rs = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            rs[i] = KafkaBatches.record(i, "k", "v" + (base + i));
        }
        return KafkaBatches.toByteBuf(KafkaBatches.batch(base, Compression.NONE, rs));
    }

    /** Assigns {@code tp} at {@code offset} and buffers a fetch of {@code count} records from there. */
    private ByteBuf fetched(TopicPartition tp, long offset, int count) {
        positions.add(List.of(tp), false);
        positions.resetDone(tp, OffsetReset.EARLIEST, offset);
        positions.startFetches();
        assertTrue(positions.acceptFetch(tp, offset, offset + count));
        ByteBuf buf = records(offset, count);
        buffer.add(new CompletedFetch(tp, buf, offset, offset + count, ByteBufAllocator.DEFAULT,
                Codecs::forId));
        return buf;
    }

    private static List<Long> offsets(ConsumerRecords records, TopicPartition tp) {
        List<Long> out = new ArrayList<>();
        for (ConsumerRecord r : records.records(tp)) {
            out.add(r.offset());
        }
        return out;
    }

    @Test
    void maxRecordsCutsAFetchAndTheRestComesNextPollWithPositionsMoving() {
        ByteBuf a = fetched(A, 10, 3);
        ByteBuf b = fetched(B, 0, 2);
        ConsumerRecords first = collector.collect(4);
        assertEquals(4, first.count());
        assertEquals(List.of(10L, 11L, 12L), offsets(first, A));
        assertEquals(List.of(0L), offsets(first, B));
        assertEquals(13, positions.position(A));
        assertEquals(1, positions.position(B));
        assertEquals(List.of(A), released, "A is used up and may be fetched again; B is not");
        assertEquals(0, a.refCnt());

        ConsumerRecords second = collector.collect(4);
        assertEquals(List.of(1L), offsets(second, B));
        assertEquals(List.of(A, B), released);
        assertEquals(0, b.refCnt());
        assertTrue(collector.collect(4).isEmpty());
        assertFalse(collector.hasBuffered());
    }

    @Test
    void fetchesOfRevokedOrRepositionedPartitionsAreDroppedAndReleased() {
        ByteBuf a = fetched(A, 0, 2);
        ByteBuf b = fetched(B, 0, 2);
        positions.remove(List.of(A));
        positions.seek(B, 1);
        assertTrue(collector.collect(10).isEmpty());
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
    }

    @Test
    void aWaitingPollReturnsOnDataSignalOrWakeupAndOtherwiseAtItsTimeout() throws Exception {
        buffer.await(TimeUnit.MILLISECONDS.toNanos(1));
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                buffer.await(TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        buffer.wakeup();
        waiting.get(30, TimeUnit.SECONDS);
        assertTrue(buffer.takeWakeup());
        assertFalse(buffer.takeWakeup());

        CompletableFuture<Void> signalled = CompletableFuture.runAsync(() -> {
            try {
                buffer.await(TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        buffer.signal();
        signalled.get(30, TimeUnit.SECONDS);
    }

    @Test
    void closingTheBufferReleasesWhatItHoldsAndWhatArrivesLater() {
        ByteBuf a = fetched(A, 0, 1);
        buffer.close();
        assertEquals(0, a.refCnt());
        ByteBuf late = records(5, 1);
        buffer.add(new CompletedFetch(B, late, 5, 6, ByteBufAllocator.DEFAULT, Codecs::forId));
        assertEquals(0, late.refCnt());
    }

    @Test
    void aSecondThreadInsideTheConsumerIsRefusedButTheOwnerMayReenter() throws Exception {
        PollingThreadGuard guard = new PollingThreadGuard();
        guard.enter();
        guard.enter();
        guard.leave();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> CompletableFuture.runAsync(guard::enter).get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConcurrentConsumerUseException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains(Thread.currentThread().getName()));
        guard.leave();
        CompletableFuture.runAsync(() -> {
            guard.enter();
            guard.leave();
        }).get(30, TimeUnit.SECONDS);
    }
}
