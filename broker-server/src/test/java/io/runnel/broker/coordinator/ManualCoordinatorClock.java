package io.runnel.broker.coordinator;

import io.runnel.broker.thread.TaskAgent;

import java.util.PriorityQueue;

/**
 * A {@link CoordinatorClock} whose time moves only when a test advances it, so timeouts are tested without sleeping.
 * {@link #advance} fires due tasks one at a time in deadline order, the clock standing at each task's deadline,
 * and lets the caller wait after each one until the coordinator has handled it.
 */
public final class ManualCoordinatorClock implements CoordinatorClock {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    public ManualCoordinatorClock(long startMs) {
        this.now = startMs;
    }

    private final class Task implements Comparable<Task>, TaskAgent.Cancellable {
        final long deadline;
        final long order;
        final Runnable body;

        Task(long deadline, long order, Runnable body) {
            this.deadline = deadline;
            this.order = order;
            this.body = body;
        }

        @Override
        public int compareTo(Task other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : Long.compare(order, other.order);
        }

        @Override
        public boolean cancel() {
            synchronized (ManualCoordinatorClock.this) {
                return tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized long nowMs() {
        return now;
    }

    @Override
    public synchronized TaskAgent.Cancellable schedule(long delayMs, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMs), sequence++, task);
        tasks.add(t);
        return t;
    }

    /** Moves the clock forward by {@code ms}, firing due tasks in order; {@code settle} runs after each one. */
    public void advance(long ms, Runnable settle) {
        long target;
        synchronized (this) {
            target = now + ms;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.deadline > target) {
                    now = target;
                    break;
                }
                tasks.poll();
                now = Math.max(now, next.deadline);
            }
            next.body.run();
            settle.run();
        }
        settle.run();
    }

    /** The number of tasks waiting. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }
}
