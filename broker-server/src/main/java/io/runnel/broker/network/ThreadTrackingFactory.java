package io.runnel.broker.network;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Netty's thread factory (daemon threads named {@code pool-N-M}) that remembers its threads, so that shutdown can
 * wait until each one has really exited rather than only until its event loop reported termination.
 */
final class ThreadTrackingFactory extends DefaultThreadFactory {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    ThreadTrackingFactory(String poolName) {
        super(poolName, true);
    }

    @Override
    protected Thread newThread(Runnable r, String name) {
        Thread thread = super.newThread(r, name);
        threads.add(thread);
        return thread;
    }

    /** Waits up to {@code timeoutMillis} in total for every thread made here to exit; true when all did. */
    boolean awaitExit(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return !thread.isAlive();
            }
            thread.join(left);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
