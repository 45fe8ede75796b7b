package io.runnel.broker.txn;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How a transaction ends: EndTxn from its producer, or an abort the coordinator decides itself (the transaction
 * timed out, or a new producer instance fenced the old one). Either way, two durable steps with the markers between:
 * <ol>
 *   <li>PrepareCommit / PrepareAbort is written to {@code __transaction_state}: the outcome is decided. The producer
 *       is answered now (Kafka's order).</li>
 *   <li>A COMMIT / ABORT marker is appended to every partition of the transaction ({@link TransactionMarkerWriter});
 *       once all are durable, CompleteCommit / CompleteAbort is written and the id is free for the next
 *       transaction. A failed marker write is retried after {@value #MARKER_RETRY_MS} ms.</li>
 * </ol>
 * A broker that stops between the steps finds Prepare* at start-up and writes the markers again ({@link #resume});
 * a marker written twice is harmless (the second finds no open transaction). The id stays busy from step 1 to the
 * end: requests on it wait (parked) instead of failing with CONCURRENT_TRANSACTIONS.
 *
 * <p>An abort decided by the coordinator bumps the producer epoch first, so that the old producer instance is fenced
 * in every partition of the transaction (the markers carry the new epoch) and at the coordinator.
 *
 * <p>Thread rule: the coordinator thread only.
 */
final class TransactionEnder {
    static final long MARKER_RETRY_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(TransactionEnder.class);

    private final TransactionContext ctx;

    TransactionEnder(TransactionContext ctx) {
        this.ctx = ctx;
    }

    /** EndTxn: ends the producer's open transaction with {@code commit}. */
    void endTxn(String transactionalId, long producerId, short epoch, boolean commit, CompletableFuture<Void> out) {
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null) {
            out.completeExceptionally(new TransactionException(ErrorCode.INVALID_PRODUCER_ID_MAPPING,
                    "transactional id " + transactionalId + " is unknown"));
            return;
        }
        if (ctx.parkIfBusy(txn, () -> endTxn(transactionalId, producerId, epoch, commit, out), out)) {
            return;
        }
        ErrorCode refusal = TransactionChecks.producer(txn, producerId, epoch);
        if (refusal != ErrorCode.NONE) {
            out.completeExceptionally(TransactionChecks.refuse(refusal, txn, producerId, epoch));
            return;
        }
        TransactionState state = txn.state();
        if (state == TransactionState.ONGOING) {
            end(txn, commit, txn.epoch(), txn.lastEpoch(), () -> out.complete(null),
                    error -> out.completeExceptionally(new TransactionException(error,
                            "could not end the transaction of " + transactionalId)));
        } else if ((state == TransactionState.COMPLETE_COMMIT && commit)
                || (state == TransactionState.COMPLETE_ABORT && !commit)) {
            // A retry of an EndTxn that already succeeded.
            out.complete(null);
        } else {
            out.completeExceptionally(new TransactionException(ErrorCode.INVALID_TXN_STATE, "transactional id "
                    + transactionalId + " is " + state.kafkaName() + ": cannot " + (commit ? "commit" : "abort")));
        }
    }

    /**
     * Aborts the open transaction of {@code txn} on the coordinator's own decision, bumping the epoch so the
     * producer that opened it is fenced. {@code decided} runs once PrepareAbort is durable.
     */
    void abortWithFence(TransactionMetadata txn, String why, Runnable decided, Consumer<ErrorCode> failed) {
        short bumped = txn.epoch() == Short.MAX_VALUE ? txn.epoch() : (short) (txn.epoch() + 1);
        LOG.info("Aborting the transaction of {} (producer {} epoch {}): {}; fencing with epoch {}",
                txn.transactionalId(), txn.producerId(), txn.epoch(), why, bumped);
        end(txn, false, bumped, RecordBatch.NO_PRODUCER_EPOCH, decided, failed);
    }

    /** The timer of an open transaction fired: abort it if it is still the same transaction. */
    void timedOut(String transactionalId, long producerId, long startMs) {
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null || txn.producerId() != producerId || txn.startMs() != startMs
                || txn.state() != TransactionState.ONGOING) {
            return;
        }
        CompletableFuture<Void> ignored = new CompletableFuture<>();
        if (ctx.parkIfBusy(txn, () -> timedOut(transactionalId, producerId, startMs), ignored)) {
            return;
        }
        abortWithFence(txn, "its timeout of " + txn.timeoutMs() + " ms passed", () -> { },
                error -> LOG.warn("Could not abort the timed-out transaction of {}: {}; retrying",
                        transactionalId, error));
    }

    private void end(TransactionMetadata txn, boolean commit, short epoch, short lastEpoch, Runnable decided,
                     Consumer<ErrorCode> failed) {
        ctx.timers().cancel(txn.transactionalId());
        ctx.transition(txn, txn.prepared(commit, epoch, ctx.nowMs()), lastEpoch, () -> {
            txn.busy(true);
            decided.run();
            writeMarkers(txn);
        }, error -> {
            failed.accept(error);
            TransactionTimer.schedule(ctx, this, txn);
        });
    }

    /** Start-up found {@code txn} decided but maybe not in every partition: write its markers (again). */
    void resume(TransactionMetadata txn) {
        LOG.info("Completing the {} of {} (producer {} epoch {}) in {} partition(s) after a restart",
                txn.state() == TransactionState.PREPARE_COMMIT ? "commit" : "abort", txn.transactionalId(),
                txn.producerId(), txn.epoch(), txn.partitions().size());
        txn.busy(true);
        writeMarkers(txn);
    }

    private void writeMarkers(TransactionMetadata txn) {
        boolean commit = txn.state() == TransactionState.PREPARE_COMMIT;
        long producerId = txn.producerId();
        short epoch = txn.epoch();
        ctx.await(() -> ctx.markers().write(producerId, epoch, commit, new ArrayList<>(txn.partitions())))
                .whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not write the {} markers of {} (producer {} epoch {}); retrying in {} ms",
                                commit ? "COMMIT" : "ABORT", txn.transactionalId(), producerId, epoch,
                                MARKER_RETRY_MS, failure);
                        ctx.timers().schedule(txn.transactionalId(), MARKER_RETRY_MS, () -> writeMarkers(txn));
                        return;
                    }
                    complete(txn);
                });
    }

    private void complete(TransactionMetadata txn) {
        ctx.transition(txn, txn.completed(ctx.nowMs()), txn.lastEpoch(),
                () -> TransactionTimer.schedule(ctx, this, txn),
                error -> {
                    // Still decided, not complete: requests keep waiting.
                    txn.busy(true);
                    ctx.timers().schedule(txn.transactionalId(), MARKER_RETRY_MS, () -> complete(txn));
                });
    }
}
