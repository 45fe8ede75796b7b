package io.runnel.broker.group;

import io.runnel.broker.coordinator.CoordinatorRuntime;
import io.runnel.broker.coordinator.CoordinatorTimers;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the coordinator's parts share: settings, timers, the group map, the broker's topics, the stores, and the
 * runtime whose thread they all run on.
 */
record CoordinatorContext(GroupConfig config, CoordinatorTimers<GroupTimerKey> timers, GroupRegistry registry,
                          CoordinatorTopics topics, GroupStore groupStore, OffsetStore offsetStore,
                          CoordinatorRuntime runtime) {

    long nowMs() {
        return timers.nowMs();
    }

    /** Starts a store write; the future completes like it, on the coordinator thread (see CoordinatorRuntime). */
    <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> storeCall) {
        return runtime.write(storeCall);
    }
}
