package io.runnel.broker.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The appends of one partition waiting to be durable: each waits for "every record below offset N is fsynced".
 * Registered by any thread, completed by the flusher. Futures complete outside the lock.
 */
final class DurabilityWaiters {
    // Allocated on first use: most partitions of a big broker never have a waiter.
    private long[] offsets;
    private Object[] futures;
    private int count;

    synchronized void add(long offset, CompletableFuture<Void> future) {
        if (offsets == null) {
            offsets = new long[8];
            futures = new Object[8];
        } else if (count == offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, count * 2);
            futures = java.util.Arrays.copyOf(futures, count * 2);
        }
        offsets[count] = offset;
        futures[count] = future;
        count++;
    }

    synchronized boolean isEmpty() {
        return count == 0;
    }

    /** Completes every waiter whose offset is at most {@code durableOffset}. */
    void completeUpTo(long durableOffset) {
        List<CompletableFuture<Void>> ready = take(durableOffset);
        for (int i = 0; i < ready.size(); i++) {
            ready.get(i).complete(null);
        }
    }

    /** Fails every waiter. */
    void failAll(Throwable cause) {
        List<CompletableFuture<Void>> all = take(Long.MAX_VALUE);
        for (int i = 0; i < all.size(); i++) {
            all.get(i).completeExceptionally(cause);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized List<CompletableFuture<Void>> take(long upTo) {
        if (count == 0) {
            return List.of();
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>(count);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (offsets[i] <= upTo) {
                ready.add((CompletableFuture<Void>) futures[i]);
            } else {
                offsets[kept] = offsets[i];
                futures[kept] = futures[i];
                kept++;
            }
        }
        for (int i = kept; i < count; i++) {
            futures[i] = null;
        }
        count = kept;
        return ready;
    }
}
