package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's memory budget ({@code bufferMemory}): every batch buffer, and every record still waiting for its
 * topic's metadata, holds bytes of it until the batch is done. Buffers come from a pooled Netty allocator, so
 * their memory is reused; this class only counts, and makes callers wait while the budget is spent.
 *
 * <p>Back-pressure: {@link #allocate} and {@link #reserve} wait up to the caller's limit ({@code maxBlock}) for
 * bytes to come back and report failure after it; 0 fails at once. A caller that already arrived waits ahead
 * of one that comes later, so a large batch is not starved by small ones. {@link #allocateOverdrawn} never
 * waits and may take the budget below zero, by at most one batch, for records whose bytes were reserved before
 * their partition was known. Thread-safe.
 */
public final class BufferPool {
    private final long totalMemory;
    private final ByteBufAllocator allocator;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition moreMemory = lock.newCondition();
    private long available;
    private volatile int waiters;
    private boolean closed;

    /** A budget of {@code totalMemory} bytes over buffers from {@code allocator}. */
    public BufferPool(long totalMemory, ByteBufAllocator allocator) {
        if (totalMemory <= 0) {
            throw new IllegalArgumentException("bufferMemory must be positive, was " + totalMemory);
        }
        this.totalMemory = totalMemory;
        this.available = totalMemory;
        this.allocator = allocator;
    }

    /**
     * A heap buffer of exactly {@code size} bytes (capacity and maximum capacity), waiting up to
     * {@code maxBlockNanos} for the budget.
     *
     * @return the buffer, or null when the budget stayed short for {@code maxBlockNanos}
     * @throws IllegalArgumentException when {@code size} exceeds the whole budget
     * @throws IllegalStateException    when the pool was closed, also while waiting
     * @throws InterruptedException     when interrupted while waiting
     */
    public ByteBuf allocate(int size, long maxBlockNanos) throws InterruptedException {
        if (!reserve(size, maxBlockNanos)) {
            return null;
        }
        return newBuffer(size);
    }

    /** A buffer of {@code size} bytes taken from the budget without waiting, even below zero. */
    public ByteBuf allocateOverdrawn(int size) {
        lock.lock();
        try {
            requireOpen();
            available -= size;
        } finally {
            lock.unlock();
        }
        return newBuffer(size);
    }

    private ByteBuf newBuffer(int size) {
        try {
            return allocator.heapBuffer(size, size);
        } catch (RuntimeException | Error e) {
            release(size);
            throw e;
        }
    }

    /**
     * Takes {@code bytes} of the budget without a buffer, waiting up to {@code maxBlockNanos}.
     *
     * @return whether the bytes were taken
     * @throws IllegalArgumentException when {@code bytes} exceeds the whole budget
     * @throws IllegalStateException    when the pool was closed, also while waiting
     * @throws InterruptedException     when interrupted while waiting
     */
    public boolean reserve(long bytes, long maxBlockNanos) throws InterruptedException {
        if (bytes > totalMemory) {
            throw new IllegalArgumentException(bytes + " bytes exceed the whole buffer memory of " + totalMemory);
        }
        lock.lock();
        try {
            requireOpen();
            if (waiters == 0 && available >= bytes) {
                available -= bytes;
                return true;
            }
            if (maxBlockNanos <= 0) {
                return false;
            }
            waiters++;
            try {
                long remaining = maxBlockNanos;
                // Earlier arrivals go first: wait while someone ahead is waiting too (lock fairness orders wake-ups).
                while (available < bytes) {
                    if (remaining <= 0) {
                        return false;
                    }
                    remaining = moreMemory.awaitNanos(remaining);
                    requireOpen();
                }
                available -= bytes;
                return true;
            } finally {
                waiters--;
                if (available > 0 && waiters > 0) {
                    moreMemory.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a buffer from {@link #allocate} or {@link #allocateOverdrawn}: its bytes and the buffer itself. */
    public void deallocate(ByteBuf buffer) {
        int size = buffer.maxCapacity();
        buffer.release();
        release(size);
    }

    /** Gives back {@code bytes} taken by {@link #reserve}. */
    public void release(long bytes) {
        lock.lock();
        try {
            available += bytes;
            if (waiters > 0) {
                moreMemory.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the budget not taken (negative while overdrawn). */
    public long availableMemory() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** The whole budget. */
    public long totalMemory() {
        return totalMemory;
    }

    /** Whether a caller is waiting for memory: the sender then sends batches without waiting for linger. */
    public boolean hasWaiters() {
        return waiters > 0;
    }

    /** Fails every present and future waiter with IllegalStateException; bytes can still be given back. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            moreMemory.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the producer is closed; no buffer memory can be taken");
        }
    }
}
