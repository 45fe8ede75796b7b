package io.runnel.broker.txn;

import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId with a transactional id (Kafka's rules, KIP-98 and KIP-360): the first call for an id gets a fresh
 * producer id at epoch 0; every later call bumps the epoch, which fences the previous producer instance. A call
 * while that instance has a transaction open aborts it first (with a bumped epoch, so the old instance is fenced in
 * every partition of it), then answers; Kafka answers CONCURRENT_TRANSACTIONS and lets the client retry, Runnel parks
 * the call until the abort is complete. When the epoch is exhausted the id gets a new producer id at epoch 0.
 *
 * <p>KIP-360: a producer may send the id and epoch it has. It is fenced (PRODUCER_FENCED) unless they are the id's
 * current ones (bump), or the epoch just before the last bump (a retry whose answer was lost: the same epoch again),
 * or the previous producer id with an exhausted epoch (a retry across a rotation).
 *
 * <p>Thread rule: the coordinator thread only.
 */
final class ProducerIdInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdInitializer.class);

    private final TransactionContext ctx;
    private final TransactionEnder ender;

    ProducerIdInitializer(TransactionContext ctx, TransactionEnder ender) {
        this.ctx = ctx;
        this.ender = ender;
    }

    void init(String transactionalId, int timeoutMs, long expectedProducerId, short expectedEpoch,
              CompletableFuture<ProducerIdAndEpoch> out) {
        if (transactionalId.isEmpty()) {
            out.completeExceptionally(new TransactionException(ErrorCode.INVALID_REQUEST,
                    "the transactional id is empty"));
            return;
        }
        if (timeoutMs <= 0 || timeoutMs > ctx.config().maxTimeoutMs()) {
            out.completeExceptionally(new TransactionException(ErrorCode.INVALID_TRANSACTION_TIMEOUT,
                    "transaction timeout " + timeoutMs + " ms of " + transactionalId + " is not in 1.."
                            + ctx.config().maxTimeoutMs() + " (transaction.max.timeout.ms)"));
            return;
        }
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null) {
            ctx.nextProducerId().whenComplete((id, failure) -> {
                if (failure != null) {
                    out.completeExceptionally(new TransactionException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                            "no producer id for " + transactionalId + ": " + failure.getMessage()));
                } else if (ctx.get(transactionalId) != null) {
                    // Another call created the id meanwhile: go through it.
                    init(transactionalId, timeoutMs, expectedProducerId, expectedEpoch, out);
                } else {
                    TransactionMetadata fresh = TransactionMetadata.fresh(transactionalId, id, timeoutMs, ctx.nowMs());
                    ctx.put(fresh);
                    initExisting(fresh, timeoutMs, expectedProducerId, expectedEpoch, out);
                }
            });
            return;
        }
        initExisting(txn, timeoutMs, expectedProducerId, expectedEpoch, out);
    }

    private void initExisting(TransactionMetadata txn, int timeoutMs, long expectedProducerId, short expectedEpoch,
                              CompletableFuture<ProducerIdAndEpoch> out) {
        Runnable retry = () -> init(txn.transactionalId(), timeoutMs, expectedProducerId, expectedEpoch, out);
        if (ctx.parkIfBusy(txn, retry, out)) {
            return;
        }
        boolean expected = expectedProducerId != RecordBatch.NO_PRODUCER_ID;
        if (expected && !mayInit(txn, expectedProducerId, expectedEpoch)) {
            out.completeExceptionally(TransactionChecks.refuse(ErrorCode.PRODUCER_FENCED, txn, expectedProducerId,
                    expectedEpoch));
            return;
        }
        if (txn.state() == TransactionState.ONGOING) {
            // Abort the old instance's transaction, then take this call up again once it is complete.
            ender.abortWithFence(txn, "a new producer instance initialised the transactional id",
                    () -> txn.park(new TransactionMetadata.Parked(retry, out), Integer.MAX_VALUE),
                    error -> out.completeExceptionally(new TransactionException(error,
                            "could not abort the open transaction of " + txn.transactionalId())));
            return;
        }
        if (!txn.state().isIdle()) {
            out.completeExceptionally(new TransactionException(ErrorCode.CONCURRENT_TRANSACTIONS,
                    "transactional id " + txn.transactionalId() + " is " + txn.state().kafkaName()));
            return;
        }
        long now = ctx.nowMs();
        if (txn.isEpochExhausted() && (!expected || expectedEpoch == txn.epoch())) {
            rotate(txn, timeoutMs, expected, out);
            return;
        }
        short newEpoch;
        short lastEpoch;
        if (!expected) {
            newEpoch = (short) (txn.epoch() + 1);
            lastEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        } else if (txn.epoch() == RecordBatch.NO_PRODUCER_EPOCH || expectedEpoch == txn.epoch()) {
            newEpoch = (short) (txn.epoch() + 1);
            lastEpoch = txn.epoch();
        } else if (expectedEpoch == txn.lastEpoch()) {
            newEpoch = txn.epoch();
            lastEpoch = txn.lastEpoch();
        } else {
            out.completeExceptionally(TransactionChecks.refuse(ErrorCode.PRODUCER_FENCED, txn, expectedProducerId,
                    expectedEpoch));
            return;
        }
        ctx.transition(txn, txn.initialised(newEpoch, timeoutMs, now), lastEpoch, () -> {
            LOG.debug("Initialised transactional id {} with producer {} epoch {}", txn.transactionalId(),
                    txn.producerId(), txn.epoch());
            TransactionTimer.schedule(ctx, ender, txn);
            out.complete(new ProducerIdAndEpoch(txn.producerId(), txn.epoch()));
        }, error -> out.completeExceptionally(new TransactionException(error,
                "could not initialise transactional id " + txn.transactionalId())));
    }

    private static boolean mayInit(TransactionMetadata txn, long expectedProducerId, short expectedEpoch) {
        return txn.epoch() == RecordBatch.NO_PRODUCER_EPOCH || expectedProducerId == txn.producerId()
                || (expectedProducerId == txn.previousProducerId()
                && expectedEpoch >= TransactionMetadata.MAX_CLIENT_EPOCH);
    }

    private void rotate(TransactionMetadata txn, int timeoutMs, boolean expected,
                        CompletableFuture<ProducerIdAndEpoch> out) {
        txn.busy(true);
        ctx.nextProducerId().whenComplete((id, failure) -> {
            txn.busy(false);
            if (failure != null) {
                out.completeExceptionally(new TransactionException(ErrorCode.COORDINATOR_NOT_AVAILABLE,
                        "no producer id for " + txn.transactionalId() + ": " + failure.getMessage()));
                ctx.releaseParked(txn);
                return;
            }
            short lastEpoch = expected ? txn.epoch() : RecordBatch.NO_PRODUCER_EPOCH;
            ctx.transition(txn, txn.rotated(id, timeoutMs, ctx.nowMs()), lastEpoch, () -> {
                LOG.info("Transactional id {} exhausted the epochs of producer {}; now producer {}",
                        txn.transactionalId(), txn.previousProducerId(), id);
                TransactionTimer.schedule(ctx, ender, txn);
                out.complete(new ProducerIdAndEpoch(txn.producerId(), txn.epoch()));
            }, error -> out.completeExceptionally(new TransactionException(error,
                    "could not initialise transactional id " + txn.transactionalId())));
        });
    }
}
