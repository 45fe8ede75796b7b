package io.runnel.broker.coordinator;

import io.runnel.broker.thread.TaskAgent;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The system clock, with delayed tasks on the coordinator's own {@link TaskAgent}. A task scheduled while the agent
 * is stopping is dropped, as the agent drops its timers when it closes.
 */
final class SystemCoordinatorClock implements CoordinatorClock {
    private static final TaskAgent.Cancellable DROPPED = () -> false;

    private final TaskAgent agent;

    SystemCoordinatorClock(TaskAgent agent) {
        this.agent = agent;
    }

    @Override
    public long nowMs() {
        return System.currentTimeMillis();
    }

    @Override
    public TaskAgent.Cancellable schedule(long delayMs, Runnable task) {
        try {
            return agent.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return DROPPED;
        }
    }
}
