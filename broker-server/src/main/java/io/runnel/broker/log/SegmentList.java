package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The segments of one partition log, oldest first, and its log start offset (Kafka's {@code LogSegments}).
 *
 * <p>Invariants: there is always at least one segment; segments are sorted by base offset and cover disjoint,
 * increasing offset ranges; the last one is the active segment; the log start offset never decreases and is at most
 * the log end offset. The list is copy-on-write: every change publishes a new array in one volatile write, so a
 * {@link #snapshot()} never changes under its reader.
 *
 * <p>Locks: the segments lock, this object's own, is held only for in-memory steps (never for file work) and is
 * taken after the log's append lock, never before. Retention and compaction each {@linkplain #claimForMaintenance()
 * claim} the list while they work, so they never work on the same segments at once; the claim is taken before the
 * segments lock. A segment leaves the list ({@link #dropOldest}, {@link #replace}) before it is retired, and
 * {@link #close()} marks the list closed before it retires anything: a reader that finds a listed segment retired
 * looks again ({@link #afterRetired}) and finds a newer list or a closed log, never the same list.
 */
final class SegmentList {
    /** Released by closing it: {@code try (SegmentList.Claim c = list.claimForMaintenance()) { ... }}. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    private final TopicPartition topicPartition;
    private final Object lock = new Object();
    private final ReentrantLock maintenance = new ReentrantLock();
    private volatile Segment[] segments;
    private volatile long logStartOffset;
    private volatile boolean closed;

    SegmentList(TopicPartition topicPartition, Segment[] segments, long logStartOffset) {
        if (segments.length == 0) {
            throw new IllegalArgumentException("the log of " + topicPartition + " needs at least one segment");
        }
        this.topicPartition = topicPartition;
        this.segments = segments;
        this.logStartOffset = logStartOffset;
    }

    /** The segments now, oldest first; the caller must not modify the array. */
    Segment[] snapshot() {
        return segments;
    }

    /** The segment that takes appends. */
    Segment active() {
        Segment[] segs = segments;
        return segs[segs.length - 1];
    }

    int count() {
        return segments.length;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    /** The end offset of the last segment. */
    long logEndOffset() {
        return active().endOffset();
    }

    /** Bytes of all segment files. */
    long sizeInBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        return total;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes the active segment and makes a new, empty one at the log end offset the active one; returns it. The
     * new file is created first: if that fails the old segment is still the active one, whole, and the next append
     * retries. Append lock held.
     */
    Segment roll(LogConfig config, LogContext ctx) {
        Segment old = active();
        long end = old.endOffset();
        Segment fresh = Segment.create(old.logPath().getParent(), end, config, ctx);
        SegmentHandle h = old.acquireLive();
        try {
            old.deactivate(h);
        } finally {
            h.release();
        }
        old.setOffsetLimit(end);
        synchronized (lock) {
            Segment[] cur = segments;
            Segment[] grown = Arrays.copyOf(cur, cur.length + 1);
            grown[cur.length] = fresh;
            segments = grown;
        }
        return fresh;
    }

    /**
     * Removes the oldest segment if it is still {@code expected} and not the active one, moving the log start
     * offset to the next segment's base. The caller then retires it and deletes its files.
     */
    boolean dropOldest(Segment expected) {
        synchronized (lock) {
            Segment[] cur = segments;
            if (closed || cur.length < 2 || cur[0] != expected) {
                return false;
            }
            // The start moves before the list changes: a reader that sees the shorter list also sees the new start.
            long newStart = cur[1].baseOffset();
            if (newStart > logStartOffset) {
                logStartOffset = newStart;
            }
            segments = Arrays.copyOfRange(cur, 1, cur.length);
            return true;
        }
    }

    /**
     * Puts {@code fresh} (a compacted copy, same base offset) in the place of closed segment {@code old}. False when
     * {@code old} is no longer listed or the log closed; the caller then discards {@code fresh}.
     */
    boolean replace(Segment old, Segment fresh) {
        synchronized (lock) {
            Segment[] cur = segments;
            for (int i = 0; i < cur.length - 1 && !closed; i++) {
                if (cur[i] == old) {
                    Segment[] copy = cur.clone();
                    copy[i] = fresh;
                    segments = copy;
                    return true;
                }
            }
            return false;
        }
    }

    /** Moves the log start offset up to {@code offset}, bounded by the log end offset. */
    void advanceStart(long offset) {
        synchronized (lock) {
            long bounded = Math.min(offset, logEndOffset());
            if (bounded > logStartOffset) {
                logStartOffset = bounded;
            }
        }
    }

    /** Marks the list closed, then retires every segment (their files close once readers let go). */
    void close() {
        Segment[] last;
        synchronized (lock) {
            closed = true;
            last = segments;
        }
        for (Segment s : last) {
            s.retire();
        }
    }

    /** Waits until no other retention or compaction works on this list, then holds it until the claim closes. */
    Claim claimForMaintenance() {
        maintenance.lock();
        return maintenance::unlock;
    }

    /**
     * The list to read after {@code retired}, listed in {@code seen}, turned out to be retired: a newer one, as a
     * segment leaves the list before it is retired.
     *
     * @throws LogClosedException when the log closed
     * @throws IllegalStateException when the list still holds the retired segment (a bug: retrying could not end)
     */
    Segment[] afterRetired(Segment[] seen, Segment retired) {
        if (closed) {
            throw closedException();
        }
        Segment[] now = segments;
        if (now == seen) {
            throw new IllegalStateException("segment " + retired.logPath() + " of " + topicPartition
                    + " is retired but still listed");
        }
        return now;
    }

    LogClosedException closedException() {
        return new LogClosedException("partition " + topicPartition + " is closed");
    }

    /** Index of the last segment whose base offset is at most {@code offset} (0 if none). */
    static int floorIndex(Segment[] segs, long offset) {
        int lo = 0;
        int hi = segs.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segs[mid].baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
