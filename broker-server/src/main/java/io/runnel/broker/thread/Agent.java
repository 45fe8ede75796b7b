package io.runnel.broker.thread;

/**
 * A unit of background work that one named broker thread runs in a loop, in the style of Agrona's agents.
 *
 * <p>Thread rule: every method is called on the agent's own thread, never concurrently. {@link #doWork()} may block
 * only for a short, bounded time (each agent documents on what); the {@link AgentRunner} parks the thread for up
 * to {@link #idleNanos()} when a call did no work, and an agent that blocks inside {@code doWork} itself (on a
 * queue poll with a timeout, say) returns 0 from {@code idleNanos}.
 */
public interface Agent {

    /** The role, which names the thread {@code runnel-<role>} and every log line about it. */
    String roleName();

    /** Called once on the agent's thread before the first {@link #doWork()}. */
    default void onStart() {
    }

    /**
     * Does a bounded amount of work.
     *
     * @return how much work was done; 0 lets the runner idle for {@link #idleNanos()}
     * @throws Exception logged with the agent's role; the loop goes on
     */
    int doWork() throws Exception;

    /**
     * How long the runner may park after a {@link #doWork()} that did nothing, in nanoseconds. An agent that can
     * get work from other threads wakes its thread with {@link AgentRunner#wake()} or
     * {@link java.util.concurrent.locks.LockSupport#unpark}. 0: do not park (doWork blocks by itself).
     */
    default long idleNanos() {
        return 0;
    }

    /** Called once on the agent's thread after the last {@link #doWork()}: release what the agent holds. */
    default void onClose() {
    }
}
