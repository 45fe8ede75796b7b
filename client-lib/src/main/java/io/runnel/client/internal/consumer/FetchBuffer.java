package io.runnel.client.internal.consumer;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands fetched partitions from the event loop to the polling thread, and is where the polling thread waits
 * inside {@code poll}: for data, for any other event ({@link #signal}: a rebalance step, a finished commit, an
 * error) or for {@link #wakeup}. Fetches are handed over in arrival order, which rotates partitions fairly.
 *
 * <p>Thread-safe. The lock is held only to move references, never across I/O or decoding.
 */
final class FetchBuffer implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<CompletedFetch> fetches = new ArrayDeque<>();
    private boolean signalled;
    private boolean wakeupRequested;
    private boolean closed;

    /** Adds a fetch (event loop); after close the fetch is released at once. */
    void add(CompletedFetch fetch) {
        lock.lock();
        try {
            if (closed) {
                fetch.close();
                return;
            }
            fetches.addLast(fetch);
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest fetch, or null (polling thread). */
    CompletedFetch poll() {
        lock.lock();
        try {
            return fetches.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting poll so it looks at its state again. Any thread. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Makes the current or next blocking call of the polling thread throw WakeupException. Any thread. */
    void wakeup() {
        lock.lock();
        try {
            wakeupRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a wakeup is pending; clears it (polling thread). */
    boolean takeWakeup() {
        lock.lock();
        try {
            boolean was = wakeupRequested;
            wakeupRequested = false;
            return was;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for data, a signal or a wakeup, whichever first; returns at once if one is
     * already there. Clears the signal.
     *
     * @throws InterruptedException when the polling thread is interrupted
     */
    void await(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (!signalled && !wakeupRequested && fetches.isEmpty() && left > 0) {
                left = changed.awaitNanos(left);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    /** Releases every buffered fetch; later ones are released as they arrive. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            CompletedFetch fetch;
            while ((fetch = fetches.pollFirst()) != null) {
                fetch.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** For tests and assertions: how many fetches wait. */
    int size() {
        lock.lock();
        try {
            return fetches.size();
        } finally {
            lock.unlock();
        }
    }
}
