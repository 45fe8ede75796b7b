package io.runnel.broker.group;

/**
 * The coordinator's source of time and delayed tasks. The broker uses {@link SystemGroupTimer}; tests plug in a
 * timer they advance by hand, so session and rebalance timeouts can be driven without sleeping.
 *
 * <p>The coordinator never relies on a task running on a particular thread: every scheduled task only hands
 * work over to the coordinator thread.
 */
public interface GroupTimer {

    /** Wall-clock time in milliseconds (it is also written into stored offsets and groups). */
    long nowMs();

    /** Runs {@code task} once, {@code delayMs} from now; the result cancels it. */
    Scheduled schedule(long delayMs, Runnable task);

    /** A task waiting in a {@link GroupTimer}. */
    interface Scheduled {
        /** Stops the task if it has not run; harmless after it ran. */
        void cancel();
    }
}
