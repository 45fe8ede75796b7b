package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

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
 * <p>Files open lazily and are pinned through a {@link SegmentHandle}, in one of two ways by whether the caller
 * may wait for file work: {@link #acquire()} on network threads never builds indexes, {@link #acquirePrepared()}
 * on background threads does; {@link SegmentAccess} keeps the handles and explains both. Index files of the
 * active segment are preallocated to {@code segment.index.bytes}, and trimmed to their entries once it is closed.
 *
 * <p>A segment is retired (deleted, replaced by its compacted copy, or its log closed) only after a segment list
 * without it was published, so a reader that finds it retired also finds a newer list. During a compaction swap
 * the segment is pinned ({@link #pinForSwap()}): its open handle serves every reader and it neither reopens nor
 * rebuilds until it is retired or the swap is given up ({@link #unpinAfterFailedSwap()}).
 *
 * <p>Crash behaviour: a closed segment is durable once the flusher ran {@link #flushAndTrim()}; index files are
 * checked before use and rebuilt when they fail, so a crash at any point leaves at worst indexes to rebuild.
 */
final class Segment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";


    private final long baseOffset;
    private final SegmentFiles files;
    private final SegmentAccess access;

    /** Size and end offset, packed: see {@link SegmentExtent}. */
    private volatile long extent;
    private volatile boolean active;
    private volatile boolean fullyFlushed;
    /** Whether the directory entry of the log file is known to be on disk (false for a new segment). */
    private volatile boolean directoryEntryDurable;
    /** Whether the index files were mapped at their preallocated size since the segment was loaded or created. */
    private volatile boolean indexesExtended;
    /** Offsets in this segment are below this; used to check index files read from disk. */
    private volatile long offsetLimit = Long.MAX_VALUE;

    private final Object flushLock = new Object();

    private Segment(Path dir, long baseOffset, int size, long endOffset, LogConfig config, LogContext ctx,
                    boolean active, String suffix) {
        this.baseOffset = baseOffset;
        this.extent = SegmentExtent.of(baseOffset, endOffset, size);
        this.files = new SegmentFiles(dir, baseOffset, config.segmentIndexBytes(), suffix, ctx.cache().counter(),
                ctx.fileWork());
        this.active = active;
        this.access = new SegmentAccess(this, files, ctx, config.indexIntervalBytes());
    }

    /** The file name of a segment file: the base offset as 20 zero-padded digits, then the suffix. */
    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + suffix;
    }

    /** Creates a new, empty active segment: its log file exists when this returns. */
    static Segment create(Path dir, long baseOffset, LogConfig config, LogContext ctx) {
        Segment s = new Segment(dir, baseOffset, 0, baseOffset, config, ctx, true, "");
        s.files.createEmpty();
        s.access.indexer().startEmpty(ctx.clock().millis());
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
    static Segment load(Path dir, long baseOffset, int size, LogConfig config, LogContext ctx, boolean active,
                        long offsetLimit, boolean flushed) {
        // Only the last segment's end offset is read (as the log end offset); a closed one's is capped to fit.
        long end = active ? offsetLimit : Math.min(offsetLimit, SegmentExtent.maxEndOffset(baseOffset));
        Segment s = new Segment(dir, baseOffset, size, end, config, ctx, active, "");
        s.offsetLimit = offsetLimit;
        s.fullyFlushed = flushed;
        s.directoryEntryDurable = true;
        return s;
    }

    /**
     * The compacted copy of a closed segment, still under its swap names ({@code <base>.log.swap}, fsynced), to be
     * published in place of the segment once {@link #swapped()}.
     */
    static Segment compactedCopy(Path dir, long baseOffset, int size, long offsetLimit, LogConfig config,
                                 LogContext ctx) {
        Segment s = new Segment(dir, baseOffset, size, Math.min(offsetLimit, SegmentExtent.maxEndOffset(baseOffset)),
                config, ctx, false, LogLoader.SWAP_SUFFIX);
        s.offsetLimit = offsetLimit;
        s.fullyFlushed = true;
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

    SegmentFiles files() {
        return files;
    }

    /** The segment's end offset as far as checking index files goes: offsets in it are below this. */
    long offsetLimit() {
        return offsetLimit;
    }

    void setOffsetLimit(long limit) {
        this.offsetLimit = limit;
    }

    /** The files were mapped for appends, so the index files are preallocated again: they need trimming. */
    void indexesExtended() {
        fullyFlushed = false;
        indexesExtended = true;
    }

    // ---------------------------------------------------------------- open, pin, retire: see SegmentAccess

    /**
     * Pins this segment's handle for a network thread, opening the files if needed but never building indexes: a
     * segment whose indexes need building gets a handle without them (reads scan, appends roll) and the building is
     * handed to the background. Returns null when the segment has been retired: the caller takes a fresh look at
     * the log's segments.
     *
     * @throws UncheckedIOException when the files cannot be opened
     */
    SegmentHandle acquire() {
        return access.acquire();
    }

    /** {@link #acquire()} of a segment that cannot be retired now (its log is open and cannot close meanwhile). */
    SegmentHandle acquireLive() {
        SegmentHandle h = acquire();
        if (h == null) {
            throw new IllegalStateException("segment " + logPath() + " is retired while its log is open");
        }
        return h;
    }

    /**
     * Pins a handle with usable indexes, building them here first when they need it. For background threads only,
     * and for the active segment only while no append can run (start-up, close): building reads the whole segment
     * and writes and fsyncs the index files. Returns null when the segment has been retired.
     *
     * @throws UncheckedIOException when the files cannot be opened or the indexes cannot be built
     */
    SegmentHandle acquirePrepared() {
        return access.acquirePrepared();
    }

    /**
     * A read found an index entry that does not match the log: a closed segment drops its handle and has its
     * indexes rebuilt in the background; the active one (whose index the appender is extending) is only reported.
     */
    void indexCorrupt(String reason) {
        access.indexCorrupt(reason);
    }

    /** Marks the segment dead (deleted, replaced or closed): it closes its files and never reopens them. */
    void retire() {
        access.retire();
    }

    /**
     * For a compaction swap, on the cleaner thread: keeps the current handle (with indexes) open and this segment on
     * it, whatever happens to the files under its names, until {@link #retire()} or {@link #unpinAfterFailedSwap()}.
     */
    void pinForSwap() {
        access.pinForSwap();
    }

    /**
     * The swap was given up before the compacted copy took the log file's name: the segment stays, on its open
     * handle; should that be closed, the next open rebuilds the indexes (the swap may have replaced their files).
     */
    void unpinAfterFailedSwap() {
        access.unpinAfterFailedSwap();
    }

    /** The compacted copy's files now carry the segment's own names. */
    void swapped() {
        files.swapped();
    }

    /** Deletes the segment's three files; call after {@link #retire()}. */
    void deleteFiles() throws IOException {
        files.delete();
    }

    // ---------------------------------------------------------------- append side (append lock held)

    /**
     * Whether appending {@code bytes} in {@code batches} batches whose offsets reach {@code lastOffset} needs a
     * new segment first: size, age, room in the indexes (none on a handle without indexes), or relative offsets
     * that would overflow an int.
     */
    boolean needsRoll(SegmentHandle h, int bytes, int batches, long lastOffset, LogConfig config, long nowMs) {
        int size = size();
        if (size == 0) {
            return false;
        }
        SegmentIndexer ix = h.indexer();
        return (long) size + bytes > config.segmentBytes()
                || nowMs - ix.createdMs() > config.segmentMs()
                || !h.hasIndexes() || !ix.hasRoomFor(h, batches)
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
        int pos = start + length;
        if (h.hasIndexes()) {
            pos = index(h, batches, view, start);
        }
        fullyFlushed = false;
        extent = SegmentExtent.of(baseOffset, endOffset, pos);
    }

    private static int index(SegmentHandle h, ByteBuf batches, RecordBatch view, int start) {
        ByteBuffer oi = h.offsetIndexMap();
        ByteBuffer ti = h.timeIndexMap();
        SegmentIndexer ix = h.indexer();
        int idx = batches.readerIndex();
        int end = idx + batches.readableBytes();
        int pos = start;
        while (idx < end) {
            view.wrap(batches, idx);
            int batchSize = view.sizeInBytes();
            ix.indexBatch(oi, ti, view.baseOffset(), view.maxTimestamp(), pos, batchSize);
            pos += batchSize;
            idx += batchSize;
        }
        return pos;
    }

    /** Stops appends: writes the last time-index entry (the segment's largest timestamp). Append lock held. */
    void deactivate(SegmentHandle h) {
        h.indexer().writeFinalTimeEntry(h.timeIndexMap());
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
     * entry, trims both index files to their entries and makes the log and indexes durable. Idempotent. Background
     * threads only: it may build the indexes first.
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
            SegmentHandle h = acquirePrepared();
            if (h == null) {
                return;
            }
            try {
                files.trim(h.indexer(), h.offsetIndexMap(), h.timeIndexMap());
                h.channel().force(true);
                fullyFlushed = true;
            } finally {
                h.release();
            }
        }
    }

    // ---------------------------------------------------------------- timestamps

    /**
     * The largest batch max timestamp in the segment and the base offset of the batch that carries it
     * ({@code (-1, -1)} when no batch has one); null once the segment is retired. May open the segment; without
     * indexes it scans the batch headers.
     */
    TimestampAndOffset largestTimestamp() throws IOException {
        SegmentIndexer ix = access.indexer();
        if (!ix.isMaxTimestampKnown()) {
            SegmentHandle h = acquire();
            if (h == null) {
                return null;
            }
            try {
                if (!h.hasIndexes() || !h.indexer().isMaxTimestampKnown()) {
                    return LogReads.largestTimestamp(h, size());
                }
                ix = h.indexer();
            } finally {
                h.release();
            }
        }
        return new TimestampAndOffset(ix.maxTimestamp(), ix.offsetOfMaxTimestamp());
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
