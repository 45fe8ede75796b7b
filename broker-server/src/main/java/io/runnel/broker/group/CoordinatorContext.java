package io.runnel.broker.group;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the coordinator's parts share: settings, timers, the group map, the broker's topics, the stores, and a way
 * back onto the coordinator thread for work that completes elsewhere (store writes).
 */
record CoordinatorContext(GroupConfig config, CoordinatorTimers timers, GroupRegistry registry,
                          CoordinatorTopics topics, GroupStore groupStore, OffsetStore offsetStore,
                          Executor coordinatorThread, Set<CompletableFuture<?>> pendingWrites) {

    long nowMs() {
        return timers.nowMs();
    }

    /**
     * A future that completes like {@code write}, but always on the coordinator thread. The write counts as pending
     * (closing waits for it) until then.
     */
    <T> CompletableFuture<T> onCoordinatorThread(CompletableFuture<T> write) {
        CompletableFuture<T> done = new CompletableFuture<>();
        pendingWrites.add(done);
        done.whenComplete((value, failure) -> pendingWrites.remove(done));
        write.whenComplete((value, failure) -> coordinatorThread.execute(() -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(value);
            }
        }));
        return done;
    }

    /** Runs a store call, turning an exception it throws into a failed future. */
    static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> storeCall) {
        try {
            return storeCall.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
