package io.runnel.broker.txn;

import java.util.concurrent.CompletableFuture;

/** Fresh producer ids, never handed out twice (the broker's {@code ProducerIdAllocator}). */
@FunctionalInterface
public interface ProducerIdSource {

    /** A fresh producer id; the future may complete on any thread. */
    CompletableFuture<Long> nextId();
}
