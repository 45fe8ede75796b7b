package io.runnel.broker.txn;

/**
 * The one timer of each transactional id ({@link io.runnel.broker.coordinator.CoordinatorTimers} keyed by the id):
 * while a transaction is open, its timeout (the transaction is aborted when it passes); while none is, the id's
 * expiry after {@code transactional.id.expiration.ms} without a change; while a transaction ends, none.
 */
final class TransactionTimer {

    private TransactionTimer() {
    }

    /** (Re)arms the timer of {@code txn} for its current state. */
    static void schedule(TransactionContext ctx, TransactionEnder ender, TransactionMetadata txn) {
        String id = txn.transactionalId();
        long now = ctx.nowMs();
        if (txn.state() == TransactionState.ONGOING) {
            long producerId = txn.producerId();
            long startMs = txn.startMs();
            long delay = Math.max(0, startMs + txn.timeoutMs() - now);
            ctx.timers().schedule(id, delay, () -> ender.timedOut(id, producerId, startMs));
        } else if (txn.state().isIdle()) {
            long lastUpdateMs = txn.lastUpdateMs();
            long delay = Math.max(0, lastUpdateMs + ctx.config().idExpirationMs() - now);
            ctx.timers().schedule(id, delay, () -> TransactionExpiry.expire(ctx, id, lastUpdateMs));
        } else {
            ctx.timers().cancel(id);
        }
    }
}
