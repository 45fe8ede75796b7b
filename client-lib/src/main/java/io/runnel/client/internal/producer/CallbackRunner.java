package io.runnel.client.internal.producer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that completes a producer's futures ({@code runnel-producer-callbacks-<clientId>}), so that
 * whatever a caller chains onto a future ({@code thenAccept}, {@code whenComplete} without an executor) runs
 * there and not on the network's event loop: a slow or blocking callback delays later callbacks, never I/O.
 * Tasks run in submission order, which keeps Kafka's guarantee that the futures of one partition complete in
 * the order the records were sent. One task per batch, not per record.
 */
public final class CallbackRunner implements AutoCloseable {
    private final ExecutorService executor;
    private volatile Thread thread;

    /** Starts nothing yet; the thread starts with the first task. */
    public CallbackRunner(String clientId) {
        this.executor = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "runnel-producer-callbacks-" + clientId);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Runs {@code task} on the callback thread, after every task submitted before it. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Whether the current thread is the callback thread (where waiting for a future would deadlock). */
    public boolean isCallbackThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs what was submitted, then stops the thread; waits up to {@code timeoutMillis} for it. */
    public void close(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        if (!isCallbackThread()) {
            executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Long.MAX_VALUE);
    }
}
