package io.runnel.broker.txn;

import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.coordinator.CoordinatorTimers;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the parts of the transaction coordinator share: its runtime and timers (one timer per transactional id: the
 * transaction timeout while one is open, the id's expiry while none is), the state of every id, the store, the
 * settings, producer ids, the marker writer and the broker's partitions. It also owns the one way state changes:
 * {@link #transition}.
 *
 * <p>Thread rule: everything here is used on the coordinator thread only.
 */
final class TransactionContext {
    /** Requests one id may have parked while a change is under way; more get CONCURRENT_TRANSACTIONS. */
    static final int MAX_PARKED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionContext.class);

    private final CoordinatorRuntime runtime;
    private final CoordinatorTimers<String> timers;
    private final Map<String, TransactionMetadata> transactions = new HashMap<>();
    private final TransactionStore store;
    private final TransactionConfig config;
    private final ProducerIdSource producerIds;
    private final TransactionMarkerWriter markers;
    private final Predicate<TopicPartition> partitionExists;

    TransactionContext(CoordinatorRuntime runtime, TransactionStore store, TransactionConfig config,
                       ProducerIdSource producerIds, TransactionMarkerWriter markers,
                       Predicate<TopicPartition> partitionExists) {
        this.runtime = runtime;
        this.timers = new CoordinatorTimers<>(runtime);
        this.store = store;
        this.config = config;
        this.producerIds = producerIds;
        this.markers = markers;
        this.partitionExists = partitionExists;
    }

    long nowMs() {
        return runtime.nowMs();
    }

    TransactionConfig config() {
        return config;
    }

    CoordinatorTimers<String> timers() {
        return timers;
    }

    TransactionStore store() {
        return store;
    }

    TransactionMarkerWriter markers() {
        return markers;
    }

    boolean partitionExists(TopicPartition partition) {
        return partitionExists.test(partition);
    }

    /** The state of an id, or null when it is unknown. */
    TransactionMetadata get(String transactionalId) {
        return transactions.get(transactionalId);
    }

    void put(TransactionMetadata txn) {
        transactions.put(txn.transactionalId(), txn);
    }

    void remove(TransactionMetadata txn) {
        transactions.remove(txn.transactionalId(), txn);
    }

    /** Every known id's state. */
    Collection<TransactionMetadata> all() {
        return transactions.values();
    }

    /** A fresh producer id, delivered on the coordinator thread. */
    CompletableFuture<Long> nextProducerId() {
        return runtime.write(producerIds::nextId);
    }

    /** Starts work whose future completes elsewhere; it completes on the coordinator thread and close waits for it. */
    <T> CompletableFuture<T> await(Supplier<CompletableFuture<T>> start) {
        return runtime.write(start);
    }

    /**
     * Changes an id's state: writes {@code next} and, once it is durable, makes it the state in force (with
     * {@code lastEpoch} in memory), runs {@code then}, and replays the requests parked meanwhile. On failure the
     * state stays as it was, {@code failed} gets the error for the client (COORDINATOR_NOT_AVAILABLE, which clients
     * retry), and the parked requests are replayed. The id is busy from now until then.
     */
    void transition(TransactionMetadata txn, TransactionLogValue next, short lastEpoch, Runnable then,
                    Consumer<ErrorCode> failed) {
        txn.busy(true);
        runtime.write(() -> store.write(new TransactionLogRecord(txn.transactionalId(), next)))
                .whenComplete((v, failure) -> {
                    txn.busy(false);
                    if (failure != null) {
                        LOG.warn("Could not store the state {} of transactional id {}", next.state().kafkaName(),
                                txn.transactionalId(), failure);
                        if (txn.state() == TransactionState.EMPTY && txn.epoch() < 0) {
                            // Never made durable: the id stays unknown.
                            remove(txn);
                        }
                        failed.accept(ErrorCode.COORDINATOR_NOT_AVAILABLE);
                    } else {
                        txn.apply(next, lastEpoch);
                        then.run();
                    }
                    releaseParked(txn);
                });
    }

    /**
     * Parks {@code retry} when the id is busy and answers true; when too many wait already, {@code out} fails with
     * CONCURRENT_TRANSACTIONS (clients back off and retry) and the answer is true as well. False: go ahead now.
     */
    boolean parkIfBusy(TransactionMetadata txn, Runnable retry, CompletableFuture<?> out) {
        if (!txn.isBusy()) {
            return false;
        }
        if (!txn.park(new TransactionMetadata.Parked(retry, out), MAX_PARKED)) {
            out.completeExceptionally(new TransactionException(ErrorCode.CONCURRENT_TRANSACTIONS,
                    "transactional id " + txn.transactionalId() + " has " + MAX_PARKED + " requests waiting"));
        }
        return true;
    }

    /** Replays parked requests in arrival order until one makes the id busy again; the rest stay parked. */
    void releaseParked(TransactionMetadata txn) {
        if (txn.isBusy()) {
            return;
        }
        List<TransactionMetadata.Parked> waiting = txn.takeParked();
        for (int i = 0; i < waiting.size(); i++) {
            if (txn.isBusy()) {
                for (int j = i; j < waiting.size(); j++) {
                    txn.park(waiting.get(j), Integer.MAX_VALUE);
                }
                return;
            }
            TransactionMetadata.Parked parked = waiting.get(i);
            try {
                parked.retry().run();
            } catch (RuntimeException e) {
                LOG.error("A parked request of transactional id {} failed", txn.transactionalId(), e);
                parked.out().completeExceptionally(e);
            }
        }
    }

    /** Fails every parked request with {@code error}: the coordinator is closing and will not replay them. */
    void failParked(ErrorCode error) {
        for (TransactionMetadata txn : transactions.values()) {
            for (TransactionMetadata.Parked parked : txn.takeParked()) {
                parked.out().completeExceptionally(new TransactionException(error,
                        "the transaction coordinator is closing"));
            }
        }
    }
}
