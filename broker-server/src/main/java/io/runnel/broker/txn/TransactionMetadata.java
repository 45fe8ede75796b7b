package io.runnel.broker.txn;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.record.RecordBatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's state of one transactional id: the last value written to {@code __transaction_state}, plus what
 * only lives in memory (the epoch before the last bump, for KIP-360 retries; whether a change is under way; the
 * requests parked until it lands).
 *
 * <p>Invariant: the fields other than {@link #busy}, {@link #lastEpoch} and the parked requests equal the last
 * value made durable for this id; a change is computed as a {@link TransactionLogValue}, written, and applied only
 * once durable. While {@link #busy} (a write in flight, or the end markers of a decided transaction being written)
 * requests on the id are parked and replayed in arrival order when it clears.
 *
 * <p>Thread rule: used only on the transaction coordinator's thread.
 */
final class TransactionMetadata {
    /** Kafka keeps the last epoch for fencing: a producer may not be handed Short.MAX_VALUE. */
    static final short MAX_CLIENT_EPOCH = Short.MAX_VALUE - 1;

    private final String transactionalId;
    private long producerId;
    private long previousProducerId = RecordBatch.NO_PRODUCER_ID;
    private short epoch = RecordBatch.NO_PRODUCER_EPOCH;
    private short lastEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int timeoutMs;
    private TransactionState state = TransactionState.EMPTY;
    private final TreeSet<TopicPartition> partitions = new TreeSet<>(TransactionLogCodec::compare);
    private long startMs = -1;
    private long lastUpdateMs;
    private boolean busy;
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();

    /** A request waiting for the change under way: replayed when it lands, or failed when the coordinator closes. */
    record Parked(Runnable retry, CompletableFuture<?> out) {
    }

    private TransactionMetadata(String transactionalId) {
        this.transactionalId = transactionalId;
    }

    /**
     * A transactional id seen for the first time, with its new producer id and no epoch yet: nothing is written
     * until InitProducerId writes epoch 0.
     */
    static TransactionMetadata fresh(String transactionalId, long producerId, int timeoutMs, long nowMs) {
        TransactionMetadata txn = new TransactionMetadata(transactionalId);
        txn.producerId = producerId;
        txn.timeoutMs = timeoutMs;
        txn.lastUpdateMs = nowMs;
        return txn;
    }

    /** The metadata a replayed value describes. */
    static TransactionMetadata of(String transactionalId, TransactionLogValue value) {
        TransactionMetadata txn = new TransactionMetadata(transactionalId);
        txn.apply(value);
        return txn;
    }

    String transactionalId() {
        return transactionalId;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    short lastEpoch() {
        return lastEpoch;
    }

    long previousProducerId() {
        return previousProducerId;
    }

    int timeoutMs() {
        return timeoutMs;
    }

    TransactionState state() {
        return state;
    }

    /** The partitions of the open or ending transaction, sorted (a live view). */
    Collection<TopicPartition> partitions() {
        return partitions;
    }

    long startMs() {
        return startMs;
    }

    long lastUpdateMs() {
        return lastUpdateMs;
    }

    boolean isBusy() {
        return busy;
    }

    void busy(boolean value) {
        this.busy = value;
    }

    /** Whether the epoch cannot be bumped for a client any more: the next InitProducerId rotates the id. */
    boolean isEpochExhausted() {
        return epoch >= MAX_CLIENT_EPOCH;
    }

    /** The value now in force. */
    TransactionLogValue value() {
        return new TransactionLogValue(producerId, previousProducerId, epoch, timeoutMs, state,
                new ArrayList<>(partitions), lastUpdateMs, startMs);
    }

    /** InitProducerId on the same producer id: Empty, the given epoch and timeout. */
    TransactionLogValue initialised(short newEpoch, int newTimeoutMs, long nowMs) {
        return new TransactionLogValue(producerId, previousProducerId, newEpoch, newTimeoutMs,
                TransactionState.EMPTY, List.of(), nowMs, -1);
    }

    /** InitProducerId once the epoch is exhausted: a new producer id at epoch 0, the old one kept as previous. */
    TransactionLogValue rotated(long newProducerId, int newTimeoutMs, long nowMs) {
        return new TransactionLogValue(newProducerId, producerId, (short) 0, newTimeoutMs, TransactionState.EMPTY,
                List.of(), nowMs, -1);
    }

    /** AddPartitionsToTxn: Ongoing with {@code added} too; a transaction starting now when none was open. */
    TransactionLogValue withPartitions(Collection<TopicPartition> added, long nowMs) {
        TreeSet<TopicPartition> all = new TreeSet<>(partitions);
        all.addAll(added);
        return new TransactionLogValue(producerId, previousProducerId, epoch, timeoutMs, TransactionState.ONGOING,
                new ArrayList<>(all), nowMs, state.isIdle() ? nowMs : startMs);
    }

    /** EndTxn or an abort by the coordinator: the outcome decided, at {@code newEpoch}, markers still to write. */
    TransactionLogValue prepared(boolean commit, short newEpoch, long nowMs) {
        return new TransactionLogValue(producerId, previousProducerId, newEpoch, timeoutMs,
                commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, new ArrayList<>(partitions),
                nowMs, startMs);
    }

    /** Every marker written: CompleteCommit or CompleteAbort, no partitions. */
    TransactionLogValue completed(long nowMs) {
        return new TransactionLogValue(producerId, previousProducerId, epoch, timeoutMs,
                state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                        : TransactionState.COMPLETE_ABORT, List.of(), nowMs, startMs);
    }

    /** Makes {@code value} the state in force (it is durable); {@code newLastEpoch} is kept in memory only. */
    void apply(TransactionLogValue value, short newLastEpoch) {
        apply(value);
        this.lastEpoch = newLastEpoch;
    }

    private void apply(TransactionLogValue value) {
        this.producerId = value.producerId();
        this.previousProducerId = value.previousProducerId();
        this.epoch = value.producerEpoch();
        this.timeoutMs = value.timeoutMs();
        this.state = value.state();
        this.partitions.clear();
        this.partitions.addAll(value.partitions());
        this.startMs = value.startMs();
        this.lastUpdateMs = value.lastUpdateMs();
    }

    /** Parks a request until the change under way lands; false when too many already wait. */
    boolean park(Parked request, int max) {
        if (parked.size() >= max) {
            return false;
        }
        parked.add(request);
        return true;
    }

    /** Takes every parked request, oldest first. */
    List<Parked> takeParked() {
        List<Parked> all = new ArrayList<>(parked);
        parked.clear();
        return all;
    }

    @Override
    public String toString() {
        return "Transaction(" + transactionalId + ", producer " + producerId + " epoch " + epoch + ", "
                + state.kafkaName() + ", " + partitions.size() + " partition(s))";
    }
}
