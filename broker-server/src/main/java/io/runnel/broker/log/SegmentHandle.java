package io.runnel.broker.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open state of one segment: the log file's channel, the memory maps of its two indexes and the
 * {@link SegmentIndexer} whose entry counts describe those maps, shared by every thread that uses the segment and
 * reference counted. A handle without indexes ({@link #hasIndexes()} false) maps nothing: its lookups find no entry,
 * so reads scan batch headers from the segment's start; it stands in while the indexes are being built elsewhere.
 *
 * <p>The {@link Segment} holds one reference while the handle is its current one; each user pins it with
 * {@link #tryRetain()} and unpins with {@link #release()}. The files are closed and the maps unmapped when the last
 * reference goes, never earlier, so a reader in the middle of an index lookup or a zero-copy transfer is never
 * left with a closed channel or an unmapped buffer.
 */
final class SegmentHandle {
    private final FileChannel channel;
    private final MappedByteBuffer offsetIndexMap;
    private final MappedByteBuffer timeIndexMap;
    private final SegmentIndexer indexer;
    private final boolean hasIndexes;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final OpenResourceCounter counter;

    SegmentHandle(FileChannel channel, MappedByteBuffer offsetIndexMap, MappedByteBuffer timeIndexMap,
                  SegmentIndexer indexer, boolean hasIndexes, OpenResourceCounter counter) {
        this.channel = channel;
        this.offsetIndexMap = offsetIndexMap;
        this.timeIndexMap = timeIndexMap;
        this.indexer = indexer;
        this.hasIndexes = hasIndexes;
        this.counter = counter;
        counter.opened();
    }

    FileChannel channel() {
        return channel;
    }

    MappedByteBuffer offsetIndexMap() {
        return offsetIndexMap;
    }

    MappedByteBuffer timeIndexMap() {
        return timeIndexMap;
    }

    /** The indexer whose entry counts match this handle's maps. */
    SegmentIndexer indexer() {
        return indexer;
    }

    OffsetIndex offsetIndex() {
        return indexer.offsetIndex();
    }

    TimeIndex timeIndex() {
        return indexer.timeIndex();
    }

    /** False for a handle opened without indexes: lookups find nothing and appends find no room. */
    boolean hasIndexes() {
        return hasIndexes;
    }

    /** Pins the handle; false when it is already closed (the caller then opens a new one). */
    boolean tryRetain() {
        for (;;) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Unpins; the last release closes the channel and unmaps the indexes. */
    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            closeNow();
        } else if (n < 0) {
            throw new IllegalStateException("segment handle released more often than retained");
        }
    }

    boolean isOpen() {
        return refs.get() > 0;
    }

    private void closeNow() {
        IndexFiles.unmap(offsetIndexMap);
        IndexFiles.unmap(timeIndexMap);
        counter.closed();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing segment log file failed", e);
        }
    }
}
