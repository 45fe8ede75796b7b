package io.runnel.broker.group;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link GroupTimer} on the system clock, scheduling on a {@link ScheduledExecutorService}. */
public final class SystemGroupTimer implements GroupTimer {
    private final ScheduledExecutorService scheduler;

    public SystemGroupTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public Scheduled schedule(long delayMs, Runnable task) {
        ScheduledFuture<?> future = scheduler.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
