package io.runnel.broker.group.core;

import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.coordinator.CoordinatorTimers;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What every part of the group coordinator shares: its timers, the group map, the broker's topics, and the runtime
 * whose thread they all run on. Each part gets its own settings and store besides.
 *
 * <p>Thread rule: everything reached through it is used on the coordinator thread only.
 */
public record CoordinatorContext(CoordinatorTimers<GroupTimerKey> timers, GroupRegistry registry,
                                 CoordinatorTopics topics, CoordinatorRuntime runtime) {

    /** The coordinator's wall-clock time in milliseconds. */
    public long nowMs() {
        return timers.nowMs();
    }

    /**
     * Starts a store write; the future completes like it (durable, or failed), on the coordinator thread, and
     * closing the coordinator waits for it (see {@link CoordinatorRuntime#write}).
     */
    public <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> storeCall) {
        return runtime.write(storeCall);
    }
}
