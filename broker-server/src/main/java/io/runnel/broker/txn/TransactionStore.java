package io.runnel.broker.txn;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator keeps the state of every transactional id: {@link TransactionTopicStore}
 * ({@code __transaction_state}) in the broker, in memory in tests. A write's future completes once the state is
 * durable, on any thread; writes of one id complete in the order they were made.
 */
public interface TransactionStore {

    /** Stores {@code record}: the id's new state, or its tombstone. */
    CompletableFuture<Void> write(TransactionLogRecord record);

    /** The latest state of every id, read once when the coordinator starts (tombstoned ids are absent). */
    Map<String, TransactionLogValue> load();
}
