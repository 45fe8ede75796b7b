package io.runnel.broker.txn;

import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The partitions of a transaction: AddPartitionsToTxn and AddOffsetsToTxn add them (durably, before the producer
 * writes to them), the batched v4+ form may only verify them, and a transactional write is let through only into a
 * partition of the producer's open transaction (KIP-890 part 1: no write can open a transaction the coordinator does
 * not know, so none is left hanging).
 *
 * <p>Thread rule: the coordinator thread only.
 */
final class TransactionPartitions {
    private final TransactionContext ctx;
    private final TransactionEnder ender;

    TransactionPartitions(TransactionContext ctx, TransactionEnder ender) {
        this.ctx = ctx;
        this.ender = ender;
    }

    /**
     * Adds {@code partitions} to the producer's transaction (opening it if none is open); the answer has an error
     * for each partition. Partitions that do not exist get UNKNOWN_TOPIC_OR_PARTITION and the others
     * OPERATION_NOT_ATTEMPTED, as Kafka answers.
     */
    void add(String transactionalId, long producerId, short epoch, Collection<TopicPartition> partitions,
             CompletableFuture<Map<TopicPartition, ErrorCode>> out) {
        Map<TopicPartition, ErrorCode> unknown = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            if (!ctx.partitionExists(tp)) {
                unknown.put(tp, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!unknown.isEmpty()) {
            Map<TopicPartition, ErrorCode> answer = new LinkedHashMap<>();
            partitions.forEach(tp -> answer.put(tp, unknown.getOrDefault(tp, ErrorCode.OPERATION_NOT_ATTEMPTED)));
            out.complete(answer);
            return;
        }
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null) {
            out.complete(all(partitions, ErrorCode.INVALID_PRODUCER_ID_MAPPING));
            return;
        }
        if (ctx.parkIfBusy(txn, () -> add(transactionalId, producerId, epoch, partitions, out), out)) {
            return;
        }
        ErrorCode refusal = TransactionChecks.producer(txn, producerId, epoch);
        if (refusal == ErrorCode.NONE && txn.state().isPreparing()) {
            refusal = ErrorCode.CONCURRENT_TRANSACTIONS;
        }
        if (refusal != ErrorCode.NONE) {
            out.complete(all(partitions, refusal));
            return;
        }
        if (txn.state() == TransactionState.ONGOING && txn.partitions().containsAll(partitions)) {
            out.complete(all(partitions, ErrorCode.NONE));
            return;
        }
        ctx.transition(txn, txn.withPartitions(partitions, ctx.nowMs()), txn.lastEpoch(), () -> {
            TransactionTimer.schedule(ctx, ender, txn);
            out.complete(all(partitions, ErrorCode.NONE));
        }, error -> out.complete(all(partitions, error)));
    }

    /**
     * AddPartitionsToTxn v4+ with verifyOnly: whether each partition is in the producer's open transaction
     * (NONE, or TRANSACTION_ABORTABLE), without adding any.
     */
    void verify(String transactionalId, long producerId, short epoch, Collection<TopicPartition> partitions,
                CompletableFuture<Map<TopicPartition, ErrorCode>> out) {
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null) {
            out.complete(all(partitions, ErrorCode.INVALID_PRODUCER_ID_MAPPING));
            return;
        }
        if (ctx.parkIfBusy(txn, () -> verify(transactionalId, producerId, epoch, partitions, out), out)) {
            return;
        }
        ErrorCode refusal = TransactionChecks.producer(txn, producerId, epoch);
        if (refusal != ErrorCode.NONE) {
            out.complete(all(partitions, refusal));
            return;
        }
        Map<TopicPartition, ErrorCode> answer = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            answer.put(tp, txn.state() == TransactionState.ONGOING && txn.partitions().contains(tp)
                    ? ErrorCode.NONE : ErrorCode.TRANSACTION_ABORTABLE);
        }
        out.complete(answer);
    }

    /**
     * Runs {@code write} (a transactional append, on this thread) only if {@code partition} is in the producer's
     * open transaction; else {@code out} fails with INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED or
     * TRANSACTION_ABORTABLE. Markers are written on this thread too, so none can land between the check and the
     * write.
     */
    <T> void whenAdded(String transactionalId, long producerId, short epoch, TopicPartition partition,
                       Supplier<T> write, CompletableFuture<T> out) {
        TransactionMetadata txn = transactionalId == null ? null : ctx.get(transactionalId);
        if (txn == null) {
            out.completeExceptionally(new TransactionException(ErrorCode.INVALID_PRODUCER_ID_MAPPING,
                    "transactional id " + transactionalId + " is unknown"));
            return;
        }
        if (ctx.parkIfBusy(txn, () -> whenAdded(transactionalId, producerId, epoch, partition, write, out), out)) {
            return;
        }
        ErrorCode refusal = TransactionChecks.producer(txn, producerId, epoch);
        if (refusal != ErrorCode.NONE) {
            out.completeExceptionally(TransactionChecks.refuse(refusal, txn, producerId, epoch));
            return;
        }
        if (txn.state() != TransactionState.ONGOING || !txn.partitions().contains(partition)) {
            out.completeExceptionally(new TransactionException(ErrorCode.TRANSACTION_ABORTABLE, "partition "
                    + partition + " is not in the open transaction of " + transactionalId + " ("
                    + txn.state().kafkaName() + "): add it with AddPartitionsToTxn first"));
            return;
        }
        try {
            out.complete(write.get());
        } catch (RuntimeException e) {
            // The write's own refusal (a fenced epoch, a disk error) is the answer.
            out.completeExceptionally(e);
        }
    }

    private static Map<TopicPartition, ErrorCode> all(Collection<TopicPartition> partitions, ErrorCode error) {
        Map<TopicPartition, ErrorCode> answer = new LinkedHashMap<>();
        partitions.forEach(tp -> answer.put(tp, error));
        return answer;
    }
}
