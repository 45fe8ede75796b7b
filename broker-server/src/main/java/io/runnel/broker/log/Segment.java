package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One segment of a partition log: the file {@code <baseOffset>.log} (20 digits) of whole record batches, with its
 * sparse {@link OffsetIndex} ({@code .index}) and {@link TimeIndex} ({@code .timeindex}).
 *
 * <p>Invariants: the file holds whole batches only, up to {@link #size()}; their offsets increase, are at least
 * the base offset and stay within an int of it; only the active segment grows, and only its appender (holding
 * the log's append lock) writes to it. Size and end offset are published together in one volatile
 * {@link SegmentExtent}, after the bytes and index entries they cover: a reader that reads the extent once sees
 * whole batches below its size, and each of them ends below its end offset. The end offset is one past the
 * segment's last offset while it is active, then the next segment's base offset.
 *
 * <p>Files open lazily through {@link #acquire()}, which returns a pinned {@link SegmentHandle}; the
 * {@link OpenSegmentCache} may close an idle segment's files at any time. While active the index files are
 * preallocated to {@code segment.index.bytes}; they are trimmed to their entries when the segment is closed.
 * Index files read from disk are checked before use and rebuilt from the log when they fail.
 */
final class Segment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    private final long baseOffset;
    private final SegmentFiles files;
    private final OpenSegmentCache cache;
    private final SegmentIndexer indexer;

    /** Size and end offset, packed: see {@link SegmentExtent}. */
    private volatile long extent;
    private volatile boolean active;
    private volatile SegmentHandle handle;
    private volatile boolean retired;
    private volatile boolean rebuildRequested;
    private volatile boolean corruptionReported;
    private volatile boolean fullyFlushed;
    /** Whether the directory entry of the log file is known to be on disk (false for a new segment). */
    private volatile boolean directoryEntryDurable;
    /** Whether the index files were mapped at their preallocated size since the segment was loaded or created. */
    private volatile boolean indexesExtended;
    /** Offsets in this segment are below this; used to check index files read from disk. */
    private volatile long offsetLimit = Long.MAX_VALUE;

    private final Object flushLock = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean referenced;

    private Segment(Path dir, long baseOffset, int size, long endOffset, LogConfig config, OpenSegmentCache cache,
                    boolean active) {
        this.baseOffset = baseOffset;
        this.extent = SegmentExtent.of(baseOffset, endOffset, size);
        this.files = new SegmentFiles(dir, baseOffset, config.segmentIndexBytes());
        this.cache = cache;
        this.indexer = new SegmentIndexer(baseOffset, config.indexIntervalBytes());
        this.active = active;
    }

    /** The file name of a segment file: the base offset as 20 zero-padded digits, then the suffix. */
    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + suffix;
    }

    /** Creates a new, empty active segment: its log file exists when this returns. */
    static Segment create(Path dir, long baseOffset, LogConfig config, OpenSegmentCache cache, long nowMs) {
        Segment s = new Segment(dir, baseOffset, 0, baseOffset, config, cache, true);
        s.files.createEmpty();
        s.indexer.startEmpty(nowMs);
        return s;
    }

    /**
     * A segment found on disk; nothing is opened until first use.
     *
     * @param offsetLimit the segment's end offset: the log end offset for the active segment, else the next
     *                    segment's base offset
     * @param flushed whether the files are known to be durable and trimmed (a clean shutdown, or before the
     *                recovery point)
     */
    static Segment load(Path dir, long baseOffset, int size, LogConfig config, OpenSegmentCache cache,
                        boolean active, long offsetLimit, boolean flushed) {
        // Only the last segment's end offset is read (as the log end offset); a closed one's is capped to fit.
        long end = active ? offsetLimit : Math.min(offsetLimit, SegmentExtent.maxEndOffset(baseOffset));
        Segment s = new Segment(dir, baseOffset, size, end, config, cache, active);
        s.offsetLimit = offsetLimit;
        s.fullyFlushed = flushed;
        s.directoryEntryDurable = true;
        return s;
    }

    long baseOffset() {
        return baseOffset;
    }

    /** Bytes of whole batches in the file. */
    int size() {
        return SegmentExtent.size(extent);
    }

    /** Size and end offset read together: see {@link SegmentExtent}. */
    long extent() {
        return extent;
    }

    /** One past the last offset while active; the next segment's base once closed. */
    long endOffset() {
        return SegmentExtent.endOffset(baseOffset, extent);
    }

    boolean isActive() {
        return active;
    }

    Path logPath() {
        return files.logPath();
    }

    OffsetIndex offsetIndex() {
        return indexer.offsetIndex();
    }

    TimeIndex timeIndex() {
        return indexer.timeIndex();
    }

    void setOffsetLimit(long limit) {
        this.offsetLimit = limit;
    }

    // ---------------------------------------------------------------- open, pin, evict

    /**
     * Pins this segment's handle, opening the files if needed. Returns null when the segment has been retired
     * (deleted or replaced): the caller takes a fresh look at the log's segments.
     *
     * @throws UncheckedIOException when the files cannot be opened
     */
    SegmentHandle acquire() {
        referenced = true;
        SegmentHandle h = handle;
        if (h != null && h.tryRetain()) {
            return h;
        }
        synchronized (this) {
            h = handle;
            if (h != null && h.tryRetain()) {
                return h;
            }
            if (retired) {
                return null;
            }
            try {
                h = open();
            } catch (IOException e) {
                throw new UncheckedIOException("opening segment " + logPath() + " failed", e);
            }
            h.tryRetain();
            handle = h;
        }
        cache.registered(this);
        return h;
    }

    boolean hasHandle() {
        return handle != null;
    }

    boolean markQueued() {
        return queued.compareAndSet(false, true);
    }

    boolean unmarkQueued() {
        return queued.compareAndSet(true, false);
    }

    /** Clears the used-recently bit; returns whether it was set. */
    boolean clearReferenced() {
        boolean was = referenced;
        referenced = false;
        return was;
    }

    /** Drops this segment's reference to its handle; pinned users keep it open until they release it. */
    void evict() {
        SegmentHandle h;
        synchronized (this) {
            h = handle;
            handle = null;
        }
        if (h != null) {
            cache.unregistered();
            h.release();
        }
    }

    /**
     * A read found an index entry that does not match the log: a closed segment drops its handle and rebuilds
     * its indexes on the next open; the active one (whose index the appender is extending) is only reported.
     */
    void indexCorrupt(String reason) {
        if (!corruptionReported) {
            corruptionReported = true;
            LOG.warn("index of segment {} is corrupt: {}; {}", logPath(), reason,
                    active ? "reads scan the segment from its start" : "rebuilding it");
        }
        if (active) {
            return;
        }
        rebuildRequested = true;
        evict();
    }

    /** Marks the segment dead (deleted or replaced): it closes its files and never reopens them. */
    void retire() {
        synchronized (this) {
            retired = true;
        }
        evict();
        cache.forget(this);
    }

    /** Deletes the segment's three files; call after {@link #retire()}. */
    void deleteFiles() throws IOException {
        files.delete();
    }

    private SegmentHandle open() throws IOException {
        boolean writable = active;
        if (writable) {
            // Mapping extends the index files to their preallocated size: they need trimming again.
            fullyFlushed = false;
            indexesExtended = true;
        }
        String rebuild = null;
        if (rebuildRequested) {
            rebuild = "a read found an index entry that points to the wrong place";
            rebuildRequested = false;
            corruptionReported = false;
        }
        return files.open(indexer, size(), offsetLimit, writable, rebuild, cache.counter());
    }

    // ---------------------------------------------------------------- append side (append lock held)

    /**
     * Whether appending {@code bytes} in {@code batches} batches whose offsets reach {@code lastOffset} needs a
     * new segment first: size, age, room in the indexes, or relative offsets that would overflow an int.
     */
    boolean needsRoll(SegmentHandle h, int bytes, int batches, long lastOffset, LogConfig config, long nowMs) {
        int size = size();
        if (size == 0) {
            return false;
        }
        return (long) size + bytes > config.segmentBytes()
                || nowMs - indexer.createdMs() > config.segmentMs()
                || !indexer.hasRoomFor(h, batches)
                || lastOffset - baseOffset > Integer.MAX_VALUE;
    }

    /**
     * Writes {@code batches} (readable bytes: whole batches whose offsets are assigned) at the end of this active
     * segment and indexes them, then publishes the new size together with {@code endOffset}, one past their last
     * offset.
     */
    void append(SegmentHandle h, ByteBuf batches, RecordBatch view, long endOffset) throws IOException {
        int start = size();
        int length = batches.readableBytes();
        FileChannel ch = h.channel();
        long at = start;
        ByteBuffer[] buffers = batches.nioBufferCount() == 1 ? null : batches.nioBuffers();
        if (buffers == null) {
            ByteBuffer nio = batches.nioBuffer();
            while (nio.hasRemaining()) {
                at += ch.write(nio, at);
            }
        } else {
            for (ByteBuffer nio : buffers) {
                while (nio.hasRemaining()) {
                    at += ch.write(nio, at);
                }
            }
        }
        ByteBuffer oi = h.offsetIndexMap();
        ByteBuffer ti = h.timeIndexMap();
        int idx = batches.readerIndex();
        int end = idx + length;
        int pos = start;
        while (idx < end) {
            view.wrap(batches, idx);
            int batchSize = view.sizeInBytes();
            indexer.indexBatch(oi, ti, view.baseOffset(), view.maxTimestamp(), pos, batchSize);
            pos += batchSize;
            idx += batchSize;
        }
        fullyFlushed = false;
        extent = SegmentExtent.of(baseOffset, endOffset, pos);
    }

    /** Stops appends: writes the last time-index entry (the segment's largest timestamp). Append lock held. */
    void deactivate(SegmentHandle h) {
        indexer.writeFinalTimeEntry(h.timeIndexMap());
        active = false;
    }

    // ---------------------------------------------------------------- flushing

    boolean isFullyFlushed() {
        return fullyFlushed;
    }

    /** Whether the file's directory entry is durable, or does not matter yet (the segment is still empty). */
    boolean isDirectoryEntryDurable() {
        return directoryEntryDurable || size() == 0;
    }

    void markDirectoryEntryDurable() {
        directoryEntryDurable = true;
    }

    /** fdatasync of the log file: every batch written before the call is durable after it. */
    void forceLog() throws IOException {
        SegmentHandle h = acquire();
        if (h == null) {
            return;
        }
        try {
            h.channel().force(false);
        } finally {
            h.release();
        }
    }

    /**
     * For a segment that takes no more appends (closed, or the log is shutting down): writes the last time-index
     * entry, trims both index files to their entries and makes the log and indexes durable. Idempotent.
     */
    void flushAndTrim() throws IOException {
        synchronized (flushLock) {
            if (fullyFlushed) {
                return;
            }
            if (size() == 0 && !indexesExtended) {
                // Never written and never opened for appends: no data to sync, no preallocated index to trim.
                fullyFlushed = true;
                return;
            }
            SegmentHandle h = acquire();
            if (h == null) {
                return;
            }
            try {
                files.trim(indexer, h.offsetIndexMap(), h.timeIndexMap());
                h.channel().force(true);
                fullyFlushed = true;
            } finally {
                h.release();
            }
        }
    }

    // ---------------------------------------------------------------- timestamps

    /** The largest batch max timestamp in the segment ({@code -1} if none); may open the segment. */
    long maxTimestamp() {
        ensureMaxTimestamp();
        return indexer.maxTimestamp();
    }

    /** The base offset of the batch holding {@link #maxTimestamp()}, or -1. */
    long offsetOfMaxTimestamp() {
        ensureMaxTimestamp();
        return indexer.offsetOfMaxTimestamp();
    }

    private void ensureMaxTimestamp() {
        if (indexer.isMaxTimestampKnown()) {
            return;
        }
        SegmentHandle h = acquire();
        if (h == null) {
            return;
        }
        try {
            synchronized (this) {
                if (!indexer.isMaxTimestampKnown()) {
                    indexer.loadMaxTimestamp(h.timeIndexMap());
                }
            }
        } finally {
            h.release();
        }
    }

    /** When the log file was last written, for retention of segments without timestamps. */
    long lastModifiedMs() {
        return files.lastModifiedMs();
    }

    @Override
    public String toString() {
        return "Segment(" + logPath() + ", size=" + size() + ", end=" + endOffset() + (active ? ", active" : "") + ")";
    }
}
