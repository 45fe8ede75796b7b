package io.runnel.broker.thread;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Agent} on its own thread: {@code onStart}, then {@code doWork} in a loop (parking for the agent's
 * {@code idleNanos} when a call did nothing) until {@link #close()}, then {@code onClose}.
 *
 * <p>A {@code doWork} that throws is logged at ERROR with the agent's role and the loop goes on after one idle
 * period, so a repeating fault cannot spin a core. {@link #close()} may be called from any thread, more than once;
 * called from the agent's own thread (a task that stops its own runner) it does not wait for itself.
 */
public final class AgentRunner implements AutoCloseable {
    /** How long {@link #close()} waits for the thread to end before it logs and returns. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(AgentRunner.class);
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Agent agent;
    private final Thread thread;
    private final Duration closeTimeout;
    private volatile boolean running = true;

    private AgentRunner(Agent agent, Duration closeTimeout) {
        this.agent = agent;
        this.closeTimeout = closeTimeout;
        this.thread = BrokerThreads.newThread(agent.roleName(), this::run);
    }

    /** Starts {@code agent} on a new thread named {@code runnel-<role>}. */
    public static AgentRunner start(Agent agent) {
        return start(agent, DEFAULT_CLOSE_TIMEOUT);
    }

    /** As {@link #start(Agent)}, with the time {@link #close()} waits for the thread. */
    public static AgentRunner start(Agent agent, Duration closeTimeout) {
        AgentRunner runner = new AgentRunner(agent, closeTimeout);
        runner.thread.start();
        return runner;
    }

    private void run() {
        try {
            agent.onStart();
            while (running) {
                int work;
                try {
                    work = agent.doWork();
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                    LOG.error("agent {} was interrupted while running; it goes on", agent.roleName(), e);
                    work = 0;
                } catch (Exception | LinkageError | AssertionError e) {
                    LOG.error("agent {} failed a unit of work; it goes on", agent.roleName(), e);
                    LockSupport.parkNanos(this, ERROR_PAUSE_NANOS);
                    continue;
                }
                if (work == 0 && running) {
                    long idle = agent.idleNanos();
                    if (idle > 0) {
                        LockSupport.parkNanos(this, idle);
                    }
                }
            }
        } finally {
            Thread.interrupted();
            agent.onClose();
        }
    }

    /** Unparks the thread if it idles, so that new work is seen at once. Safe from any thread. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** True on the agent's own thread. */
    public boolean isAgentThread() {
        return Thread.currentThread() == thread;
    }

    /** The thread's name ({@code runnel-<role>}). */
    public String threadName() {
        return thread.getName();
    }

    /** Whether the thread is still alive. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Closes every runner of {@code runners} as {@link #close()} does, but tells them all to stop before it waits for
     * the first, so that they stop in parallel.
     */
    public static void closeAll(Collection<AgentRunner> runners) {
        for (AgentRunner runner : runners) {
            runner.running = false;
            runner.wake();
        }
        for (AgentRunner runner : runners) {
            runner.close();
        }
    }

    /**
     * Stops the loop after the current {@code doWork}, runs {@code onClose} on the agent's thread and waits for the
     * thread to end, up to the close timeout (logged at WARN if it passes).
     */
    @Override
    public void close() {
        running = false;
        wake();
        if (isAgentThread()) {
            return;
        }
        try {
            thread.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.warn("thread {} did not stop within {} ms", thread.getName(), closeTimeout.toMillis());
        }
    }
}
