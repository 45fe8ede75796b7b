package io.runnel.broker.coordinator;

import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.BrokerThreads;
import io.runnel.broker.thread.TaskAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The event loop a coordinator runs on (the group coordinator now, the transaction coordinator next): one thread,
 * {@code runnel-<role>}, a {@link TaskAgent} under an {@link AgentRunner}, on which every change of the
 * coordinator's state happens, one event at a time, in arrival order. Events are requests ({@link #submit}),
 * timers ({@link CoordinatorTimers}), and the completions of state writes ({@link #write}).
 *
 * <p>Life: the coordinator loads its state topic at start-up on this thread ({@link #load}), before any request;
 * then each request gets a future at once, which the coordinator completes on this thread, now or later (a parked
 * JoinGroup, a commit waiting for its write). {@link #close} refuses new requests, lets the coordinator answer what
 * it parked, waits for pending writes, then stops the thread.
 *
 * <p>Thread rules: every method may be called from any thread. Everything a coordinator runs here may block only
 * briefly: reading its state topic at load, appending to it (a page-cache write under the partition's append lock);
 * never on an fsync (a write's durability arrives as a later event) nor on another thread's work. Futures complete
 * on this thread: callers must not block in their callbacks. A request whose handling throws anything, an
 * {@code Error} included, fails its future with it (the protocol edge answers UNKNOWN_SERVER_ERROR), so no
 * request is left unanswered and the next event runs.
 */
public final class CoordinatorRuntime implements AutoCloseable {
    /** How long {@link #close} waits for pending writes, and then for the thread. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final String threadName;
    private final TaskAgent agent;
    private final AgentRunner runner;
    private final CoordinatorClock clock;
    private final Supplier<? extends RuntimeException> notAvailable;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<CompletableFuture<?>> pendingWrites = ConcurrentHashMap.newKeySet();

    /**
     * Starts the coordinator's thread.
     *
     * @param role         names the thread {@code runnel-<role>} and the log lines about it
     * @param clock        the clock, or null for the system clock with timers on this runtime's thread
     * @param notAvailable the failure of a request made after {@link #close} (e.g. COORDINATOR_NOT_AVAILABLE, which
     *                     clients retry elsewhere)
     */
    public CoordinatorRuntime(String role, CoordinatorClock clock, Supplier<? extends RuntimeException> notAvailable) {
        this.threadName = BrokerThreads.PREFIX + role;
        this.agent = new TaskAgent(role);
        this.clock = clock != null ? clock : new SystemCoordinatorClock(agent);
        this.notAvailable = notAvailable;
        this.runner = AgentRunner.start(agent, CLOSE_WAIT);
    }

    /**
     * Runs {@code loader} on the coordinator's thread before any request and waits for it: the coordinator reads its
     * state topic there, so its state is confined to the thread from the start. A loader that fails stops the
     * runtime and its failure is thrown here.
     */
    public void load(Runnable loader) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        try {
            agent.execute(() -> {
                try {
                    loader.run();
                    loaded.complete(null);
                } catch (Throwable e) {
                    loaded.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            loaded.completeExceptionally(notAvailable.get());
        }
        try {
            loaded.join();
        } catch (CompletionException e) {
            // Not logged here: the caller's start-up fails with it.
            close();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The coordinator's wall-clock time in milliseconds. */
    public long nowMs() {
        return clock.nowMs();
    }

    /** The clock timers run on. */
    public CoordinatorClock clock() {
        return clock;
    }

    /** True on the coordinator's thread. */
    public boolean inCoordinatorThread() {
        return agent.inAgentThread();
    }

    /** True once {@link #close} began: requests are refused. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * A request: {@code body} runs on the coordinator's thread after everything submitted before it and completes
     * the future it is given, at once or later. After {@link #close} the future fails with the not-available error.
     * A body that throws fails the future with what it threw.
     */
    public <T> CompletableFuture<T> submit(Consumer<CompletableFuture<T>> body) {
        CompletableFuture<T> out = new CompletableFuture<>();
        if (closed.get()) {
            out.completeExceptionally(notAvailable.get());
            return out;
        }
        try {
            agent.execute(() -> {
                try {
                    body.accept(out);
                } catch (Throwable e) {
                    // An Error too: a connection answers in request order, so an unanswered request stalls it.
                    LOG.error("{} failed a request", threadName, e);
                    out.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            out.completeExceptionally(notAvailable.get());
        }
        return out;
    }

    /** A request whose answer is {@code body}'s result, computed on the coordinator's thread. */
    public <T> CompletableFuture<T> call(Supplier<T> body) {
        return submit(out -> out.complete(body.get()));
    }

    /**
     * Work that is not a request (a timer, a write's completion): runs on the coordinator's thread after everything
     * before it, also while closing; dropped once the thread stopped, when nobody is left to do it.
     */
    public void execute(Runnable task) {
        try {
            agent.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{} stopped; dropping a timer or write completion", threadName);
        }
    }

    /**
     * Starts a write of the coordinator's state and returns a future that completes like it (durable, or failed),
     * always on the coordinator's thread. A {@code start} that throws gives a failed future. The write counts as
     * pending until then: {@link #close} waits for it, so the request waiting on it is answered.
     */
    public <T> CompletableFuture<T> write(Supplier<CompletableFuture<T>> start) {
        CompletableFuture<T> started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        pendingWrites.add(done);
        done.whenComplete((value, failure) -> pendingWrites.remove(done));
        started.whenComplete((value, failure) -> execute(() -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(value);
            }
        }));
        return done;
    }

    /** Closes without a hook; see {@link #close(Runnable)}. */
    @Override
    public void close() {
        close(() -> { });
    }

    /**
     * Stops the coordinator: new requests fail with the not-available error; {@code beforeStop} runs on the
     * coordinator's thread (answer parked requests, cancel timers); writes still pending are waited for (up to
     * {@link #CLOSE_WAIT}), so that their requests are answered; then the thread stops. Close the state topic's log
     * only after this. Later calls return at once.
     */
    public void close(Runnable beforeStop) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        execute(beforeStop);
        if (!agent.inAgentThread()) {
            awaitPendingWrites(CLOSE_WAIT.toNanos());
        }
        agent.shutdown();
        runner.close();
    }

    // Write completions come back to this thread (and may write again), so it must run while they are waited for.
    private void awaitPendingWrites(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                barrier().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (pendingWrites.isEmpty()) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    CompletableFuture.anyOf(pendingWrites.toArray(new CompletableFuture<?>[0]))
                            .get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    // That write failed; its own completion answers its request.
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            // Reported below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pendingWrites.isEmpty()) {
            LOG.warn("{} closing with {} state write(s) still pending", threadName,
                    pendingWrites.size());
        }
    }

    /** Completes once everything queued on the coordinator's thread so far has run. */
    private CompletableFuture<Void> barrier() {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        try {
            agent.execute(() -> ran.complete(null));
        } catch (RejectedExecutionException e) {
            ran.complete(null);
        }
        return ran;
    }
}
