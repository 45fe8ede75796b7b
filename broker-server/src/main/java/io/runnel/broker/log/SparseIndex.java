package io.runnel.broker.log;

import java.nio.ByteBuffer;

/**
 * What a segment's two sparse indexes ({@link OffsetIndex}, {@link TimeIndex}) share: the segment's base offset,
 * which entries are relative to, the count of complete entries, and the clamp that keeps every lookup inside the
 * map it is given. The entries' bytes live in a memory map owned by a {@link SegmentHandle}; callers pass it in and
 * keep the handle pinned while they read.
 *
 * <p>Concurrency: only the appender (holding the log's append lock) or the thread building the index raises the
 * count, and it writes an entry's bytes first, so a reader that reads the count once sees complete entries below
 * it. A reader may hold a map from before an index rebuild that holds fewer entries than the count: lookups use
 * {@link #usable} entries only.
 */
abstract class SparseIndex {
    final long baseOffset;
    private final int entrySize;
    /** Complete entries; -1 until the index file has been loaded once. */
    private volatile int entries = -1;

    SparseIndex(long baseOffset, int entrySize) {
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
    }

    final int entries() {
        return entries;
    }

    final boolean isLoaded() {
        return entries >= 0;
    }

    final void setEntries(int count) {
        this.entries = count;
    }

    /** Entries that lie inside {@code map}: at most the count, never more than the map holds. */
    final int usable(ByteBuffer map) {
        return Math.max(0, Math.min(entries, map.capacity() / entrySize));
    }
}
