package io.runnel.broker.txn;

import io.runnel.broker.coordinator.CoordinatorClock;
import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.DescribeTransactionsResponse;
import io.runnel.protocol.message.ListTransactionsRequest;
import io.runnel.protocol.message.ListTransactionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The transaction coordinator (KIP-98, KIP-447, KIP-890 part 1): the state of every transactional id, on its own
 * coordinator runtime ({@code runnel-transaction-coordinator}), kept in {@code __transaction_state}. Every method
 * returns at once with a future completed on the coordinator thread; a refusal fails it with a
 * {@link TransactionException} carrying the Kafka error code, a coordinator that is closed with
 * COORDINATOR_NOT_AVAILABLE.
 *
 * <p>The parts: {@link ProducerIdInitializer} (InitProducerId), {@link TransactionPartitions} (AddPartitionsToTxn,
 * AddOffsetsToTxn, the check before a transactional write), {@link TransactionEnder} (EndTxn, timeouts, fencing,
 * markers), {@link TransactionExpiry}, {@link TransactionDescriber}. Requests on an id whose state is being changed
 * wait for the change (Kafka answers CONCURRENT_TRANSACTIONS and lets the client retry).
 *
 * <p>Start-up: the store is read on the coordinator thread before the constructor returns; transactions found
 * decided (Prepare*) get their markers written again, open ones get their timeout timer (an abort at once if it has
 * passed), idle ids their expiry timer.
 */
public final class TransactionCoordinator implements AutoCloseable {
    /** Names the coordinator's thread: {@code runnel-transaction-coordinator}. */
    public static final String THREAD_ROLE = "transaction-coordinator";

    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final CoordinatorRuntime runtime;
    private final TransactionContext ctx;
    private final TransactionEnder ender;
    private final ProducerIdInitializer initializer;
    private final TransactionPartitions partitions;
    private final TransactionDescriber describer;

    /**
     * Starts the coordinator and loads every stored transactional id.
     *
     * @param clock           the clock (tests drive it), or null for the system clock
     * @param partitionExists whether a partition exists (AddPartitionsToTxn refuses others)
     */
    public TransactionCoordinator(TransactionConfig config, TransactionStore store, ProducerIdSource producerIds,
                                  TransactionMarkerWriter markers, Predicate<TopicPartition> partitionExists,
                                  CoordinatorClock clock) {
        this.runtime = new CoordinatorRuntime(THREAD_ROLE, clock, () -> new TransactionException(
                ErrorCode.COORDINATOR_NOT_AVAILABLE, "the transaction coordinator is closed"));
        this.ctx = new TransactionContext(runtime, store, config, producerIds, markers, partitionExists);
        this.ender = new TransactionEnder(ctx);
        this.initializer = new ProducerIdInitializer(ctx, ender);
        this.partitions = new TransactionPartitions(ctx, ender);
        this.describer = new TransactionDescriber(ctx);
        runtime.load(this::load);
    }

    /** InitProducerId with a transactional id: the producer id and epoch to use. */
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int timeoutMs,
                                                                long producerId, short epoch) {
        return runtime.submit(out -> initializer.init(transactionalId, timeoutMs, producerId, epoch, out));
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn, with the group's offsets partition): an error per partition. */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> addPartitions(String transactionalId, long producerId,
                                                                           short epoch,
                                                                           Collection<TopicPartition> added) {
        List<TopicPartition> copy = new ArrayList<>(added);
        return runtime.submit(out -> partitions.add(transactionalId, producerId, epoch, copy, out));
    }

    /** AddPartitionsToTxn v4+ with verifyOnly: whether each partition is in the open transaction. */
    public CompletableFuture<Map<TopicPartition, ErrorCode>> verifyPartitions(String transactionalId,
                                                                              long producerId, short epoch,
                                                                              Collection<TopicPartition> asked) {
        List<TopicPartition> copy = new ArrayList<>(asked);
        return runtime.submit(out -> partitions.verify(transactionalId, producerId, epoch, copy, out));
    }

    /**
     * Runs {@code write} on the coordinator thread if {@code partition} is in the producer's open transaction, and
     * completes with its result; else fails with the refusal (KIP-890 part 1). Transaction markers are written on
     * the same thread, so none lands between the check and the write.
     */
    public <T> CompletableFuture<T> whenInTransaction(String transactionalId, long producerId, short epoch,
                                                      TopicPartition partition, Supplier<T> write) {
        return runtime.submit(out -> partitions.whenAdded(transactionalId, producerId, epoch, partition, write, out));
    }

    /** EndTxn: completes once the outcome is durable (the markers follow). */
    public CompletableFuture<Void> endTransaction(String transactionalId, long producerId, short epoch,
                                                  boolean commit) {
        return runtime.submit(out -> ender.endTxn(transactionalId, producerId, epoch, commit, out));
    }

    /** DescribeTransactions. */
    public CompletableFuture<List<DescribeTransactionsResponse.TransactionState>> describe(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        return runtime.call(() -> {
            List<DescribeTransactionsResponse.TransactionState> states = new ArrayList<>(copy.size());
            for (String id : copy) {
                states.add(describer.describe(id));
            }
            return states;
        });
    }

    /** ListTransactions. */
    public CompletableFuture<ListTransactionsResponse> list(ListTransactionsRequest request, short version) {
        return runtime.call(() -> describer.list(request, version));
    }

    /**
     * Stops the coordinator: requests waiting on a change are answered NOT_COORDINATOR (clients look for the
     * coordinator again), later ones COORDINATOR_NOT_AVAILABLE; writes under way are waited for. Transactions being
     * ended finish at the next start-up. Close the logs only after this.
     */
    @Override
    public void close() {
        runtime.close(() -> {
            ctx.timers().cancelAll();
            ctx.failParked(ErrorCode.NOT_COORDINATOR);
        });
    }

    private void load() {
        Map<String, TransactionLogValue> stored = ctx.store().load();
        int open = 0;
        int ending = 0;
        for (Map.Entry<String, TransactionLogValue> e : stored.entrySet()) {
            if (e.getValue().state() == TransactionState.DEAD) {
                continue;
            }
            TransactionMetadata txn = TransactionMetadata.of(e.getKey(), e.getValue());
            ctx.put(txn);
            if (txn.state().isPreparing()) {
                ending++;
                ender.resume(txn);
            } else {
                if (txn.state() == TransactionState.ONGOING) {
                    open++;
                }
                TransactionTimer.schedule(ctx, ender, txn);
            }
        }
        LOG.info("Transaction coordinator loaded {} transactional id(s): {} transaction(s) open, {} being ended",
                stored.size(), open, ending);
    }
}
