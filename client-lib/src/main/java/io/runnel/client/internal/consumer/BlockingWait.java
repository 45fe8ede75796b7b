package io.runnel.client.internal.consumer;

import io.runnel.client.InterruptException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.client.WakeupException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How the polling thread blocks: on the {@link FetchBuffer}'s condition, so that data, any signal, a
 * {@code wakeup()} (→ {@link WakeupException}) and thread interruption (→ {@link InterruptException}) all end the
 * wait. Polling thread only.
 */
final class BlockingWait {
    private static final long SLICE_MS = 100;

    private final FetchBuffer buffer;
    private final LongSupplier clock;

    BlockingWait(FetchBuffer buffer, LongSupplier clock) {
        this.buffer = buffer;
        this.clock = clock;
    }

    /** @throws WakeupException when {@code wakeup()} was called since the last check */
    void checkWakeup() {
        if (buffer.takeWakeup()) {
            throw new WakeupException();
        }
    }

    /** Waits until something happens or {@code deadlineMs}; returns at once if the deadline passed. */
    void pause(long deadlineMs) {
        long left = deadlineMs - clock.getAsLong();
        if (left <= 0) {
            return;
        }
        try {
            buffer.await(TimeUnit.MILLISECONDS.toNanos(Math.min(left, SLICE_MS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting in the consumer", e);
        }
    }

    /**
     * The value of {@code future}, waited for until {@code deadlineMs}.
     *
     * @throws RunnelTimeoutException naming {@code what} at the deadline
     * @throws RunnelException        the future's failure (a RunnelException as it is, anything else wrapped)
     */
    <T> T await(CompletableFuture<T> future, long deadlineMs, String what) {
        future.whenComplete((v, e) -> buffer.signal());
        while (!future.isDone()) {
            checkWakeup();
            if (clock.getAsLong() >= deadlineMs) {
                throw new RunnelTimeoutException(what + " did not complete in time");
            }
            pause(deadlineMs);
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), what);
        }
    }

    /** The cause as a RunnelException: as it is when it is one, else wrapped with {@code what}. */
    static RunnelException unwrap(Throwable cause, String what) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        return c instanceof RunnelException r ? r : new RunnelException(what + " failed", c);
    }
}
