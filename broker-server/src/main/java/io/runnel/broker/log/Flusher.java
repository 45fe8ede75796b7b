package io.runnel.broker.log;

import io.runnel.broker.thread.Agent;
import io.runnel.broker.thread.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: background agents ({@code runnel-log-flusher-<n>}, {@code log.flush.threads} of them) that fsync
 * partitions for every append waiting on them, so no caller ever blocks on an fsync.
 *
 * <p>A partition asks for a flush with {@link #requestFlush}; it is queued at most once. A flusher takes it, notes
 * the log end offset, fsyncs, and completes every waiter at or below that offset. Appends that arrive during the
 * fsync mark the partition dirty again and it is re-queued the moment the fsync returns: there is no timer, so at
 * low load each append waits for about one fsync, and under load one fsync covers everything that queued up during
 * the previous one (the batch grows with the load, as in a database journal). Several flushers serve different
 * partitions in parallel; one partition is never flushed by two at once.
 *
 * <p>What a flusher thread may block on: fsync and fdatasync of one log's files and of its directory, building
 * the indexes of a segment that closed without them, and its queue when idle: an idle flusher sleeps until a
 * partition is queued or the flusher closes (no timed wake-ups, so an idle broker's flushers cost no CPU). It takes
 * no log lock but the segment's own flush lock.
 */
public final class Flusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    static final int IDLE = 0;
    static final int QUEUED = 1;
    static final int RUNNING = 2;
    static final int RUNNING_DIRTY = 3;

    /** Queued behind the logs when the flusher closes; each agent that takes it passes it on and stops. */
    private static final Object STOP = new Object();
    private static final long STOP_PAUSE_NANOS = 1_000_000;

    /** Logs to flush ({@link PartitionLog}), and {@link #STOP} markers at close. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private volatile FlushObserver observer = FlushObserver.NONE;

    /** Starts {@code threadCount} flusher agents. */
    public Flusher(int threadCount) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("flusher thread count " + threadCount + " must be at least 1");
        }
        for (int i = 0; i < threadCount; i++) {
            runners.add(AgentRunner.start(new FlushAgent("log-flusher-" + i), CLOSE_TIMEOUT));
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

    /** Flushes one queued log per unit of work. */
    private final class FlushAgent implements Agent {
        private final String role;

        FlushAgent(String role) {
            this.role = role;
        }

        @Override
        public String roleName() {
            return role;
        }

        @Override
        public int doWork() throws InterruptedException {
            // Woken by a STOP marker, never interrupted, on close: an interrupt during FileChannel.force would close
            // the channel.
            Object next = queue.take();
            if (next == STOP) {
                // Passed on, so that every agent sees one until its runner has stopped.
                queue.add(STOP);
                return 0;
            }
            PartitionLog log = (PartitionLog) next;
            AtomicInteger state = log.flushState();
            state.set(RUNNING);
            try {
                long durableBefore = log.durableOffset();
                long start = System.nanoTime();
                log.flush();
                observer.flushed(System.nanoTime() - start, log.durableOffset() - durableBefore);
            } catch (Throwable t) {
                LOG.error("flushing partition {} failed; its pending appends fail", log.topicPartition(), t);
                log.failDurability(t);
            }
            if (!state.compareAndSet(RUNNING, IDLE)) {
                // Appends came in during the sync: sync again right away, behind partitions already waiting.
                state.set(QUEUED);
                queue.add(log);
            }
            return 1;
        }

        @Override
        public long idleNanos() {
            // Only after a STOP: a short pause until the runner notices the close, instead of re-taking the marker.
            return STOP_PAUSE_NANOS;
        }
    }

    /** Tells {@code observer} of every flush from now on. */
    void observe(FlushObserver observer) {
        this.observer = observer;
    }

    /** Stops the agents; flushes already running finish first. Logs must have been closed before. */
    @Override
    public void close() {
        queue.add(STOP);
        AgentRunner.closeAll(runners);
    }
}
