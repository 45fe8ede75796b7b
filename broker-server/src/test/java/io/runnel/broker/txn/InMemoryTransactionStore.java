package io.runnel.broker.txn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link TransactionStore} in memory that keeps every write, in order; a new coordinator on it loads the latest. */
final class InMemoryTransactionStore implements TransactionStore {
    final List<TransactionLogRecord> writes = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> write(TransactionLogRecord record) {
        writes.add(record);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<String, TransactionLogValue> load() {
        Map<String, TransactionLogValue> latest = new HashMap<>();
        for (TransactionLogRecord r : writes) {
            if (r.value() == null) {
                latest.remove(r.transactionalId());
            } else {
                latest.put(r.transactionalId(), r.value());
            }
        }
        return latest;
    }

    /** The last value written for {@code id}, null for a tombstone or none. */
    TransactionLogValue last(String id) {
        TransactionLogValue found = null;
        for (TransactionLogRecord r : writes) {
            if (r.transactionalId().equals(id)) {
                found = r.value();
            }
        }
        return found;
    }
}
