package io.runnel.broker.coordinator;

import io.runnel.broker.thread.TaskAgent;

import java.util.HashMap;
import java.util.Map;

/**
 * A coordinator's named timers (a member's session, a group's join deadline, a transaction's timeout, ...).
 * Scheduling a key replaces its previous timer. A timer fires on the coordinator's thread and only if it is still
 * the current one for its key, so a timer cancelled or replaced after its clock already handed it over does nothing.
 *
 * <p>Thread rule: used only on the coordinator's thread (no locking).
 *
 * @param <K> the key type; equal keys name the same timer
 */
public final class CoordinatorTimers<K> {
    private final CoordinatorRuntime runtime;
    private final Map<K, Armed> entries = new HashMap<>();

    private static final class Armed {
        TaskAgent.Cancellable scheduled;
    }

    public CoordinatorTimers(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    /** The coordinator's wall-clock time in milliseconds. */
    public long nowMs() {
        return runtime.nowMs();
    }

    /** Runs {@code task} on the coordinator's thread in {@code delayMs}, replacing the timer of {@code key}. */
    public void schedule(K key, long delayMs, Runnable task) {
        cancel(key);
        Armed entry = new Armed();
        entries.put(key, entry);
        entry.scheduled = runtime.clock().schedule(delayMs, () -> runtime.execute(() -> {
            if (entries.get(key) == entry) {
                entries.remove(key);
                task.run();
            }
        }));
    }

    /** Cancels the timer of {@code key}, if any. */
    public void cancel(K key) {
        Armed entry = entries.remove(key);
        if (entry != null && entry.scheduled != null) {
            entry.scheduled.cancel();
        }
    }

    /** Whether a timer of {@code key} waits to fire. */
    public boolean isScheduled(K key) {
        return entries.containsKey(key);
    }

    /** Cancels every timer. */
    public void cancelAll() {
        for (Armed entry : entries.values()) {
            if (entry.scheduled != null) {
                entry.scheduled.cancel();
            }
        }
        entries.clear();
    }
}
