package io.runnel.broker.thread;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A serial executor with timers as an {@link Agent}: tasks and due timers run one at a time on the agent's thread,
 * in submission order for tasks and deadline order for timers. It replaces a single-threaded
 * {@code ScheduledExecutorService} wherever a component owns "its" thread (coordinator, topic admin, log
 * maintenance, parked-fetch timeouts).
 *
 * <p>Thread rules: {@link #execute} and {@link #schedule} are safe from any thread; timers are kept in a heap that
 * only the agent's thread touches. A task that throws anything, an {@code Error} included, is logged with the
 * role and the next task runs: callers that wait on a result complete their future from a {@code catch
 * (Throwable)} of their own. Closing runs every task already submitted (so that their futures complete), drops
 * the timers, and rejects later submissions with {@link RejectedExecutionException}.
 */
public final class TaskAgent implements Agent, Executor {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAgent.class);
    /** Longest park while idle: bounds the delay of a wake-up lost to a race in the caller (none is known). */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String role;
    private final LongSupplier nanoClock;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Runnable countCancelled = this::onCancelled;
    private volatile boolean closed;
    private volatile Thread thread;
    private long sequence;
    private int cancelledInHeap;

    /** A task agent on the system's monotonic clock. */
    public TaskAgent(String role) {
        this(role, System::nanoTime);
    }

    /** A task agent whose timers follow {@code nanoClock} (tests drive it). */
    public TaskAgent(String role, LongSupplier nanoClock) {
        this.role = role;
        this.nanoClock = nanoClock;
    }

    @Override
    public String roleName() {
        return role;
    }

    /** A scheduled task that can be cancelled. */
    public interface Cancellable {
        /** Cancels the task if it has not run yet; true when this call cancelled it. Safe from any thread. */
        boolean cancel();
    }

    /** Runs {@code task} on the agent's thread after everything submitted before it. */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("task agent " + role + " is closed");
        }
        tasks.add(task);
        if (closed && tasks.remove(task)) {
            throw new RejectedExecutionException("task agent " + role + " is closed");
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
        }
    }

    /** Runs {@code task} on the agent's thread once {@code delay} has passed; 0 or less runs it as soon as queued. */
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Timer timer = new Timer(task, nanoClock.getAsLong() + unit.toNanos(Math.max(0, delay)), 0);
        execute(() -> addTimer(timer));
        return timer;
    }

    /** Runs {@code task} every {@code period}, the first time after {@code initialDelay}, until cancelled. */
    public Cancellable scheduleWithFixedDelay(Runnable task, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period " + period + " " + unit + " of task agent " + role
                    + " must be positive");
        }
        Timer timer = new Timer(task, nanoClock.getAsLong() + unit.toNanos(Math.max(0, initialDelay)),
                unit.toNanos(period));
        execute(() -> addTimer(timer));
        return timer;
    }

    /** True on the agent's own thread. */
    public boolean inAgentThread() {
        return Thread.currentThread() == thread;
    }

    /** True once the agent stopped accepting tasks. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    @Override
    public int doWork() {
        int work = 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            run(task);
            work++;
        }
        long now = nanoClock.getAsLong();
        Timer due;
        while ((due = timers.peek()) != null && due.deadline - now <= 0) {
            timers.poll();
            if (due.cancelled) {
                cancelledInHeap = Math.max(0, cancelledInHeap - 1);
                continue;
            }
            if (due.period > 0) {
                run(due.task);
                if (!due.cancelled) {
                    due.deadline = nanoClock.getAsLong() + due.period;
                    due.order = sequence++;
                    timers.add(due);
                }
            } else {
                due.cancelled = true;
                run(due.task);
            }
            work++;
        }
        return work;
    }

    @Override
    public long idleNanos() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return MAX_IDLE_NANOS;
        }
        return Math.max(1, Math.min(MAX_IDLE_NANOS, next.deadline - nanoClock.getAsLong()));
    }

    /** Stops accepting tasks; the runner's close then runs what was queued in {@link #onClose()}. */
    public void shutdown() {
        closed = true;
    }

    @Override
    public void onClose() {
        closed = true;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            run(task);
        }
        timers.clear();
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("a task on {} failed", BrokerThreads.PREFIX + role, t);
        }
    }

    private void addTimer(Timer timer) {
        if (timer.cancelled) {
            return;
        }
        timer.order = sequence++;
        timers.add(timer);
    }

    private void onCancelled() {
        if (++cancelledInHeap > 64 + timers.size() / 2) {
            // Cancelled timers are dropped lazily; purge when they would dominate the heap.
            timers.removeIf(t -> t.cancelled);
            cancelledInHeap = 0;
        }
    }

    private final class Timer implements Cancellable, Comparable<Timer> {
        final Runnable task;
        final long period;
        long deadline;
        long order;
        volatile boolean cancelled;

        Timer(Runnable task, long deadline, long period) {
            this.task = task;
            this.deadline = deadline;
            this.period = period;
        }

        @Override
        public boolean cancel() {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            if (inAgentThread()) {
                onCancelled();
            } else if (!closed) {
                // Counted at the agent's next wake-up: waking it only for that would cost a context switch per cancel
                // (a parked fetch answered by an append cancels its timeout on the appending network thread).
                tasks.add(countCancelled);
            }
            return true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(order, other.order);
        }
    }
}
