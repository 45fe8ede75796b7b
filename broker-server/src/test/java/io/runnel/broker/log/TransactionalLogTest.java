package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.protocol.record.RecordBatchBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.runnel.broker.log.TestBatches.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions in one partition log: a transactional batch opens its producer's transaction only when verified,
 * markers end it, the last stable offset waits for the oldest open one, aborts enter the {@code .txnindex}, and all
 * of it comes back after a clean restart and after a crash (from the producer snapshot and the log after it).
 */
class TransactionalLogTest {
    @TempDir
    Path dir;

    private final LogTestSupport support = new LogTestSupport();

    @AfterEach
    void close() throws Exception {
        support.close();
    }

    static ByteBuf transactional(long pid, int epoch, int firstSeq, int count) {
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            b.producer(pid, (short) epoch, firstSeq).transactional(true);
            for (int i = 0; i < count; i++) {
                b.append(1_000 + i, null, ("p" + pid + "-" + (firstSeq + i)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuf out = Unpooled.buffer();
            b.writeTo(out);
            return out;
        }
    }

    private PartitionLog create() {
        return support.create(dir.resolve("t-0"), LogConfig.builder().segmentBytes(1024).build());
    }

    @Test
    void aTransactionIsOpenedOnlyWhenVerifiedAndEndedByItsMarker() {
        PartitionLog log = create();
        ProducerStateException refused = assertThrows(ProducerStateException.class,
                () -> log.append(transactional(7, 0, 0, 2)));
        assertEquals(ProducerStateException.Reason.TRANSACTION_NOT_VERIFIED, refused.reason());
        assertEquals(0, log.logEndOffset(), "nothing written");
        log.transactions().appendVerified(transactional(7, 0, 0, 2));
        // Later batches of the open transaction need no check.
        append(log, transactional(7, 0, 2, 1));
        assertEquals(0, log.transactions().lastStableOffset());
        assertEquals(List.of(new PartitionTransactions.ActiveProducer(7, (short) 0, 2, 1_000, 0)),
                log.transactions().activeProducers());
        log.transactions().appendEndTransactionMarker(7, (short) 0, true, 5_000);
        assertEquals(4, log.logEndOffset());
        assertEquals(4, log.transactions().lastStableOffset());
        assertEquals(List.of(), log.transactions().abortedTransactions(0, 4));
    }

    @Test
    void theLastStableOffsetWaitsForTheOldestOpenTransactionAndAbortsAreIndexed() throws Exception {
        PartitionLog log = create();
        append(log, ProducerStateTest.idempotent(1, 0, 0, 2));
        log.transactions().appendVerified(transactional(10, 0, 0, 3));
        log.transactions().appendVerified(transactional(11, 0, 0, 2));
        assertEquals(2, log.transactions().lastStableOffset());
        log.transactions().appendEndTransactionMarker(11, (short) 0, false, 5_000);
        assertEquals(2, log.transactions().lastStableOffset(), "producer 10 still holds it");
        assertEquals(List.of(new AbortedTransaction(11, 5, 7, 2)), log.transactions().abortedTransactions(0, 8));
        // A marker of a newer epoch fences the old one (the coordinator aborting a timed-out transaction).
        log.transactions().appendEndTransactionMarker(10, (short) 1, false, 5_000);
        assertEquals(9, log.transactions().lastStableOffset());
        assertEquals(List.of(new AbortedTransaction(11, 5, 7, 2), new AbortedTransaction(10, 2, 8, 9)),
                log.transactions().abortedTransactions(0, 9));
        assertEquals(List.of(new AbortedTransaction(10, 2, 8, 9)), log.transactions().abortedTransactions(8, 9));
        ProducerStateException fenced = assertThrows(ProducerStateException.class,
                () -> append(log, transactional(10, 0, 3, 1)));
        assertEquals(ProducerStateException.Reason.INVALID_PRODUCER_EPOCH, fenced.reason());
        // A read_committed read stops at the last stable offset.
        log.transactions().appendVerified(transactional(12, 0, 0, 1));
        assertEquals(9, log.transactions().lastStableOffset());
        List<TestBatches.Rec> stable =
                TestBatches.parse(log.read(0, 1 << 20, true, log.transactions().lastStableOffset()));
        assertEquals(9, stable.size(), "offsets 0-8, markers included; not producer 12's open batch at 9");
        assertEquals(8, stable.get(8).offset());
        assertTrue(Files.exists(TransactionIndex.path(log.dir(), 0)), "the .txnindex of the first segment");

        PartitionLog reopened = support.reopenClean(log);
        assertEquals(9, reopened.transactions().lastStableOffset(), "producer 12's transaction is still open");
        assertEquals(List.of(new AbortedTransaction(11, 5, 7, 2), new AbortedTransaction(10, 2, 8, 9)),
                reopened.transactions().abortedTransactions(0, 10));
    }

    @Test
    void aCrashRebuildsTheOpenTransactionsAndTheAbortedIndexFromTheLog() throws Exception {
        PartitionLog log = create();
        log.transactions().appendVerified(transactional(20, 0, 0, 2));
        log.transactions().appendVerified(transactional(21, 0, 0, 2));
        log.transactions().appendEndTransactionMarker(20, (short) 0, false, 5_000);
        // The index file is lost with the crash: only the log tells the abort now.
        log.closeWithoutFlush(new IllegalStateException("simulated crash"));
        Files.deleteIfExists(TransactionIndex.path(log.dir(), 0));
        PartitionLog recovered = support.open(log.dir(), log.config(), -1, 0, false);
        assertEquals(2, recovered.transactions().lastStableOffset(), "producer 21's transaction is still open");
        assertEquals(List.of(new AbortedTransaction(20, 0, 4, 2)), recovered.transactions().abortedTransactions(0, 5));
        recovered.transactions().appendEndTransactionMarker(21, (short) 0, true, 5_000);
        assertEquals(6, recovered.transactions().lastStableOffset());
    }
}
