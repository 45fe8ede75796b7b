package io.runnel.broker.txn;

import io.runnel.broker.coordinator.ManualCoordinatorClock;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ListTransactionsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transaction coordinator's state machine on a hand-driven clock, an in-memory store and a marker writer that
 * records its calls: epochs and fencing, the two durable steps of an end, requests waiting for an end, timeouts,
 * restarts in every state, expiry.
 */
class TransactionCoordinatorTest {
    private static final long START_MS = 1_700_000_000_000L;
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);

    /** One call of the marker writer. */
    record Markers(long producerId, short epoch, boolean commit, List<TopicPartition> partitions,
                   CompletableFuture<Void> done) {
    }

    private final ManualCoordinatorClock clock = new ManualCoordinatorClock(START_MS);
    private final InMemoryTransactionStore store = new InMemoryTransactionStore();
    private final List<Markers> markers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile boolean holdMarkers;
    private TransactionCoordinator coordinator;

    private TransactionCoordinator start(TransactionConfig config) {
        coordinator = new TransactionCoordinator(config, store,
                () -> CompletableFuture.completedFuture(ids.getAndIncrement()), this::writeMarkers,
                tp -> !tp.topic().equals("missing"), clock);
        return coordinator;
    }

    private TransactionCoordinator start() {
        return start(TransactionConfig.defaults());
    }

    private CompletableFuture<Void> writeMarkers(long producerId, short epoch, boolean commit,
                                                 Collection<TopicPartition> partitions) {
        CompletableFuture<Void> done = holdMarkers ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        markers.add(new Markers(producerId, epoch, commit, new ArrayList<>(partitions), done));
        return done;
    }

    @AfterEach
    void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static ErrorCode refusal(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return TransactionException.errorOf(e);
    }

    /**
     * Waits until the coordinator is idle: each completed write or marker comes back as one more event on its
     * thread, and a chain has fewer hops than this many barriers.
     */
    private void settle() {
        for (int i = 0; i < 8; i++) {
            coordinator.describe(List.of()).join();
        }
    }

    private String state(String id) throws Exception {
        return get(coordinator.describe(List.of(id))).get(0).transactionState();
    }

    @Test
    void initProducerIdBumpsTheEpochAndFencesTheOlderInstance() throws Exception {
        start();
        ProducerIdAndEpoch first = get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        assertEquals(new ProducerIdAndEpoch(1000, (short) 0), first);
        ProducerIdAndEpoch second = get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        assertEquals(new ProducerIdAndEpoch(1000, (short) 1), second);
        assertEquals(ErrorCode.PRODUCER_FENCED, get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0)))
                .get(T0));
        assertEquals(ErrorCode.INVALID_PRODUCER_ID_MAPPING, get(coordinator.addPartitions("tx", 7, (short) 1,
                List.of(T0))).get(T0));
        assertEquals(ErrorCode.NONE, get(coordinator.addPartitions("tx", 1000, (short) 1, List.of(T0))).get(T0));
        // KIP-360: a producer that lost the answer to its bump retries with the epoch before it.
        assertEquals(ErrorCode.PRODUCER_FENCED, refusal(coordinator.initProducerId("tx", 60_000, 1000, (short) 5)));
    }

    @Test
    void aTimeoutAboveTheMaximumIsRefused() {
        start(new TransactionConfig(10_000, TransactionConfig.DEFAULT_ID_EXPIRATION_MS, 1, 1 << 20));
        assertEquals(ErrorCode.INVALID_TRANSACTION_TIMEOUT, refusal(coordinator.initProducerId("tx", 10_001, -1,
                (short) -1)));
        assertEquals(ErrorCode.INVALID_REQUEST, refusal(coordinator.initProducerId("", 1000, -1, (short) -1)));
    }

    @Test
    void aCommitIsDecidedDurablyThenMarkedInEveryPartitionThenComplete() throws Exception {
        start();
        get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        Map<TopicPartition, ErrorCode> unknown = get(coordinator.addPartitions("tx", 1000, (short) 0,
                List.of(T0, new TopicPartition("missing", 0))));
        assertEquals(ErrorCode.OPERATION_NOT_ATTEMPTED, unknown.get(T0));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, unknown.get(new TopicPartition("missing", 0)));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0)));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T1, T0)));
        assertEquals("Ongoing", state("tx"));
        get(coordinator.endTransaction("tx", 1000, (short) 0, true));
        settle();
        assertEquals(1, markers.size());
        assertEquals(new Markers(1000, (short) 0, true, List.of(T0, T1), markers.get(0).done()), markers.get(0));
        List<TransactionState> states = store.writes.stream().map(r -> r.value().state()).toList();
        assertEquals(List.of(TransactionState.EMPTY, TransactionState.ONGOING, TransactionState.ONGOING,
                TransactionState.PREPARE_COMMIT, TransactionState.COMPLETE_COMMIT), states);
        assertEquals(List.of(T0, T1), store.writes.get(3).value().partitions());
        assertEquals(List.of(), store.last("tx").partitions());
        // A retried commit succeeds; an abort of a committed transaction is refused; so is ending nothing.
        get(coordinator.endTransaction("tx", 1000, (short) 0, true));
        assertEquals(ErrorCode.INVALID_TXN_STATE, refusal(coordinator.endTransaction("tx", 1000, (short) 0, false)));
        assertEquals(ErrorCode.PRODUCER_FENCED, refusal(coordinator.endTransaction("tx", 1000, (short) 3, true)));
    }

    @Test
    void requestsOnAnIdWaitForItsMarkersInsteadOfFailing() throws Exception {
        start();
        get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0)));
        holdMarkers = true;
        get(coordinator.endTransaction("tx", 1000, (short) 0, false));
        settle();
        CompletableFuture<Map<TopicPartition, ErrorCode>> next = coordinator.addPartitions("tx", 1000, (short) 0,
                List.of(T1));
        settle();
        assertFalse(next.isDone(), "the next transaction waits for the markers of the last");
        assertEquals("PrepareAbort", state("tx"));
        markers.get(0).done().complete(null);
        assertEquals(ErrorCode.NONE, get(next).get(T1));
        assertEquals("Ongoing", state("tx"));
    }

    @Test
    void aWriteOutsideTheTransactionIsRefusedAndOneInsideRuns() throws Exception {
        start();
        get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        assertEquals(ErrorCode.TRANSACTION_ABORTABLE, refusal(coordinator.whenInTransaction("tx", 1000, (short) 0,
                T0, () -> "written")));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0)));
        assertEquals("written", get(coordinator.whenInTransaction("tx", 1000, (short) 0, T0, () -> "written")));
        assertEquals(ErrorCode.TRANSACTION_ABORTABLE, refusal(coordinator.whenInTransaction("tx", 1000, (short) 0,
                T1, () -> "written")));
        assertEquals(ErrorCode.PRODUCER_FENCED, refusal(coordinator.whenInTransaction("tx", 1000, (short) 1, T0,
                () -> "written")));
        Map<TopicPartition, ErrorCode> verified = get(coordinator.verifyPartitions("tx", 1000, (short) 0,
                List.of(T0, T1)));
        assertEquals(Map.of(T0, ErrorCode.NONE, T1, ErrorCode.TRANSACTION_ABORTABLE), verified);
    }

    @Test
    void aTransactionPastItsTimeoutIsAbortedWithABumpedEpoch() throws Exception {
        start();
        get(coordinator.initProducerId("tx", 5_000, -1, (short) -1));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0)));
        clock.advance(4_999, this::settle);
        assertEquals("Ongoing", state("tx"));
        clock.advance(1, this::settle);
        settle();
        assertEquals(1, markers.size());
        assertEquals(new Markers(1000, (short) 1, false, List.of(T0), markers.get(0).done()), markers.get(0));
        assertEquals("CompleteAbort", state("tx"));
        assertEquals(ErrorCode.PRODUCER_FENCED, refusal(coordinator.endTransaction("tx", 1000, (short) 0, true)));
    }

    @Test
    void aNewInstanceAbortsTheOpenTransactionOfTheOldOneFirst() throws Exception {
        start();
        get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        get(coordinator.addPartitions("tx", 1000, (short) 0, List.of(T0, T1)));
        ProducerIdAndEpoch next = get(coordinator.initProducerId("tx", 60_000, -1, (short) -1));
        assertEquals(new ProducerIdAndEpoch(1000, (short) 2), next);
        assertEquals(1, markers.size());
        assertEquals(new Markers(1000, (short) 1, false, List.of(T0, T1), markers.get(0).done()), markers.get(0));
        assertEquals("Empty", state("tx"));
    }

    @Test
    void aRestartEndsADecidedTransactionAndTimesOutAnOpenOne() throws Exception {
        start();
        get(coordinator.initProducerId("decided", 60_000, -1, (short) -1));
        get(coordinator.initProducerId("open", 5_000, -1, (short) -1));
        get(coordinator.addPartitions("decided", 1000, (short) 0, List.of(T0)));
        get(coordinator.addPartitions("open", 1001, (short) 0, List.of(T1)));
        holdMarkers = true;
        get(coordinator.endTransaction("decided", 1000, (short) 0, true));
        settle();
        coordinator.close();
        // The broker stopped with PrepareCommit durable and the markers not confirmed.
        assertEquals(TransactionState.PREPARE_COMMIT, store.last("decided").state());
        holdMarkers = false;
        markers.clear();
        start();
        settle();
        assertEquals(1, markers.size());
        assertEquals(new Markers(1000, (short) 0, true, List.of(T0), markers.get(0).done()), markers.get(0));
        assertEquals("CompleteCommit", state("decided"));
        assertEquals("Ongoing", state("open"));
        clock.advance(5_000, this::settle);
        settle();
        assertEquals("CompleteAbort", state("open"));
        assertEquals(new Markers(1001, (short) 1, false, List.of(T1), markers.get(1).done()), markers.get(1));
    }

    @Test
    void anUnusedTransactionalIdExpires() throws Exception {
        start(new TransactionConfig(60_000, 10_000, 1, 1 << 20));
        get(coordinator.initProducerId("tx", 1_000, -1, (short) -1));
        clock.advance(9_999, this::settle);
        assertEquals("Empty", state("tx"));
        clock.advance(1, this::settle);
        settle();
        assertNull(store.last("tx"), "the tombstone was written");
        assertEquals(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND.code(), get(coordinator.describe(List.of("tx"))).get(0)
                .errorCode());
        assertEquals(new ProducerIdAndEpoch(1001, (short) 0), get(coordinator.initProducerId("tx", 1_000, -1,
                (short) -1)), "a forgotten id starts afresh");
    }

    @Test
    void listFiltersByStateProducerAndPattern() throws Exception {
        start();
        get(coordinator.initProducerId("app-1", 60_000, -1, (short) -1));
        get(coordinator.initProducerId("app-2", 60_000, -1, (short) -1));
        get(coordinator.initProducerId("other", 60_000, -1, (short) -1));
        get(coordinator.addPartitions("app-2", 1001, (short) 0, List.of(T0)));
        var ongoing = get(coordinator.list(new ListTransactionsRequest().stateFilters(List.of("Ongoing", "Bogus"))
                .producerIdFilters(List.of()), (short) 2));
        assertEquals(List.of("app-2"), ongoing.transactionStates().stream().map(s -> s.transactionalId()).toList());
        assertEquals(List.of("Bogus"), ongoing.unknownStateFilters());
        var byPattern = get(coordinator.list(new ListTransactionsRequest().stateFilters(List.of())
                .producerIdFilters(List.of()).transactionalIdPattern("app-.*"), (short) 2));
        assertEquals(List.of("app-1", "app-2"), byPattern.transactionStates().stream()
                .map(s -> s.transactionalId()).toList());
        var byProducer = get(coordinator.list(new ListTransactionsRequest().stateFilters(List.of())
                .producerIdFilters(List.of(1002L)), (short) 0));
        assertEquals(List.of("other"), byProducer.transactionStates().stream().map(s -> s.transactionalId())
                .toList());
        assertTrue(byProducer.errorCode() == 0);
    }
}
