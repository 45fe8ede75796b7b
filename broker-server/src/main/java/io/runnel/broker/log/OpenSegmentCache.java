package io.runnel.broker.log;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many segments have their files open and indexes mapped at once, so that thousands of partitions
 * cost file descriptors and address space only while they are used.
 *
 * <p>Segments open lazily on first use and register here; once more than {@code capacity} are open, the thread
 * that opened the latest one evicts others by the clock (second-chance) algorithm: a segment used since the hand
 * last passed is spared once. Eviction drops the segment's own reference to its handle; a handle that a reader or
 * appender has pinned closes when they release it, so the true number of open files can exceed the capacity by
 * the number of pinned handles, briefly.
 */
final class OpenSegmentCache {
    private final int capacity;
    private final ConcurrentLinkedQueue<SegmentAccess> clock = new ConcurrentLinkedQueue<>();
    private final AtomicInteger cached = new AtomicInteger();
    private final OpenResourceCounter counter = new OpenResourceCounter();

    OpenSegmentCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("open segment capacity " + capacity + " must be at least 1");
        }
        this.capacity = capacity;
    }

    OpenResourceCounter counter() {
        return counter;
    }

    /** Handles currently open (including evicted ones still pinned). */
    int openHandles() {
        return counter.open();
    }

    /** Called by a segment that just opened a handle, outside the segment's lock. */
    void registered(SegmentAccess segment) {
        if (segment.markQueued()) {
            clock.add(segment);
        }
        if (cached.incrementAndGet() > capacity) {
            evictOverflow();
        }
    }

    /** Called by a segment whose current handle was dropped (evicted, retired or closed). */
    void unregistered() {
        cached.decrementAndGet();
    }

    /** Forgets a segment for good (deleted or replaced), so the clock does not keep it reachable. */
    void forget(SegmentAccess segment) {
        if (segment.unmarkQueued()) {
            clock.remove(segment);
        }
    }

    private void evictOverflow() {
        int budget = 2 * (capacity + 1);
        while (cached.get() > capacity && budget-- > 0) {
            SegmentAccess s = clock.poll();
            if (s == null) {
                return;
            }
            if (!s.hasHandle()) {
                s.unmarkQueued();
                // A concurrent reopen may have re-registered it between the check and the unmark.
                if (s.hasHandle() && s.markQueued()) {
                    clock.add(s);
                }
                continue;
            }
            if (s.clearReferenced()) {
                clock.add(s);
                continue;
            }
            s.unmarkQueued();
            if (!s.evict() && s.markQueued()) {
                // A compaction swap keeps it open for now: it stays on the clock.
                clock.add(s);
            }
        }
    }
}
