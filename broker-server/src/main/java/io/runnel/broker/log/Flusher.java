package io.runnel.broker.log;

import io.runnel.broker.metrics.StorageMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: background threads that fsync partitions for every append waiting on them, so no caller ever
 * blocks on an fsync.
 *
 * <p>A partition asks for a flush with {@link #requestFlush}; it is queued at most once. A flusher thread takes it,
 * notes the log end offset, fsyncs, and completes every waiter at or below that offset. Appends that arrive during
 * the fsync mark the partition dirty again and it is re-queued the moment the fsync returns: there is no timer, so
 * at low load each append waits for about one fsync, and under load one fsync covers everything that queued up
 * during the previous one (the batch grows with the load, as in a database journal). Several threads serve
 * different partitions in parallel; one partition is never flushed by two threads at once.
 */
public final class Flusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

    static final int IDLE = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int RUNNING_DIRTY = 3;

    private final LinkedBlockingQueue<PartitionLog> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile StorageMetrics metrics;

    /** Starts {@code threadCount} daemon flusher threads. */
    public Flusher(int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("flusher thread count " + threadCount + " must be at least 1");
        }
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::run, "runnel-log-flusher-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Asks for {@code log} to be flushed soon; returns at once. */
    void requestFlush(PartitionLog log) {
        AtomicInteger state = log.flushState();
        for (;;) {
            int s = state.get();
            if (s == QUEUED || s == RUNNING_DIRTY) {
                return;
            }
            if (s == IDLE && state.compareAndSet(IDLE, QUEUED)) {
                queue.add(log);
                return;
            }
            if (s == RUNNING && state.compareAndSet(RUNNING, RUNNING_DIRTY)) {
                return;
            }
        }
    }

    private void run() {
        while (running) {
            PartitionLog log;
            try {
                // Polled, not interrupted, on close: an interrupt during FileChannel.force would close the channel.
                log = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (log == null) {
                continue;
            }
            AtomicInteger state = log.flushState();
            state.set(RUNNING);
            try {
                long durableBefore = log.durableOffset();
                long start = System.nanoTime();
                log.flush();
                StorageMetrics m = metrics;
                if (m != null) {
                    m.flushed(System.nanoTime() - start, log.durableOffset() - durableBefore);
                }
            } catch (Throwable t) {
                LOG.error("flushing partition {} failed; its pending appends fail", log.topicPartition(), t);
                log.failDurability(t);
            }
            if (!state.compareAndSet(RUNNING, IDLE)) {
                // Appends came in during the sync: sync again right away, behind partitions already waiting.
                state.set(QUEUED);
                queue.add(log);
            }
        }
    }

    /** Counts every flush's duration and the records it made durable into {@code metrics}. */
    void countInto(StorageMetrics metrics) {
        this.metrics = metrics;
    }

    /** Stops the threads; flushes already running finish first. Logs must have been closed before. */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warn("flusher thread {} did not stop within 10 s", t.getName());
            }
        }
    }
}
