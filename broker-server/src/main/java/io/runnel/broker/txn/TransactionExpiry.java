package io.runnel.broker.txn;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code transactional.id.expiration.ms}: a transactional id with no open transaction and no change for that long
 * is forgotten: its tombstone is written to {@code __transaction_state} and it leaves memory once durable. A
 * producer using it afterwards starts afresh with InitProducerId (a new producer id).
 */
final class TransactionExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionExpiry.class);

    private TransactionExpiry() {
    }

    /** The expiry timer fired: forget the id if it has not changed since the timer was armed. */
    static void expire(TransactionContext ctx, String transactionalId, long lastUpdateMs) {
        TransactionMetadata txn = ctx.get(transactionalId);
        if (txn == null || txn.isBusy() || !txn.state().isIdle() || txn.lastUpdateMs() != lastUpdateMs) {
            return;
        }
        LOG.info("Expiring transactional id {} (producer {}): unused for {} ms", transactionalId, txn.producerId(),
                ctx.config().idExpirationMs());
        txn.busy(true);
        ctx.await(() -> ctx.store().write(new TransactionLogRecord(transactionalId, null)))
                .whenComplete((v, failure) -> {
                    txn.busy(false);
                    if (failure != null) {
                        LOG.warn("Could not expire transactional id {}; trying again later", transactionalId,
                                failure);
                        ctx.timers().schedule(transactionalId, ctx.config().idExpirationMs(),
                                () -> expire(ctx, transactionalId, lastUpdateMs));
                    } else {
                        ctx.remove(txn);
                    }
                    // Requests that waited see an unknown id (or the kept one, if the write failed).
                    ctx.releaseParked(txn);
                });
    }
}
