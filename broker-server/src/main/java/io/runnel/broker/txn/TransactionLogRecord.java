package io.runnel.broker.txn;

/**
 * One record of {@code __transaction_state}: a transactional id and its state, or (null value) the tombstone that
 * removes an expired id.
 */
public record TransactionLogRecord(String transactionalId, TransactionLogValue value) {
}
