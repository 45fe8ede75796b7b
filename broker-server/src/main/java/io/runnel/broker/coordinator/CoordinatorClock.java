package io.runnel.broker.coordinator;

import io.runnel.broker.thread.TaskAgent;

/**
 * A coordinator's source of time and delayed tasks. The runtime uses the system clock and schedules on its own
 * thread; tests plug in a clock they move by hand, so session and transaction timeouts run without sleeping.
 *
 * <p>Thread rule: a scheduled task may run on any thread; {@link CoordinatorTimers} only hands it over to the
 * coordinator's thread, so nothing relies on where the clock runs it.
 */
public interface CoordinatorClock {

    /** Wall-clock time in milliseconds (it is also written into state records). */
    long nowMs();

    /** Runs {@code task} once, {@code delayMs} from now (at once for 0 or less); the result cancels it. */
    TaskAgent.Cancellable schedule(long delayMs, Runnable task);
}
