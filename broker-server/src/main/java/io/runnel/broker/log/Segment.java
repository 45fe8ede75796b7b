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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Files open lazily and are pinned through a {@link SegmentHandle}; the {@link OpenSegmentCache} may close an
 * idle segment's files at any time. Two ways to pin, by whether the caller may wait for file work:
 * <ul>
 *   <li>{@link #acquire()} (network threads: reads, appends) opens the files and checks index files read from disk,
 *   but never builds indexes. When they need building (missing, failing the checks, or a read found an entry that
 *   points to the wrong place) it returns a handle without indexes, on which reads scan batch headers from the
 *   segment's start and an appender rolls, and hands the building to the log's background executor.</li>
 *   <li>{@link #acquirePrepared()} (background threads: flusher, cleaner, scheduler, loader) builds the indexes
 *   first when they need it, which reads the whole segment and truncates and fsyncs the index files.</li>
 * </ul>
 * Building happens outside this object's monitor and into a new {@link SegmentIndexer}: meanwhile network threads
 * open without indexes, and a reader that holds an older handle keeps the indexer that matches its maps. Index
 * files of the active segment are preallocated to {@code segment.index.bytes}, and trimmed to their entries once it
 * is closed.
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

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);
    private static final String WRONG_ENTRY = "a read found an index entry that points to the wrong place";

    private final long baseOffset;
    private final int indexIntervalBytes;
    private final SegmentFiles files;
    private final LogContext ctx;
    /** Serialises index building; taken only on background threads. */
    private final ReentrantLock buildLock = new ReentrantLock();
    private final AtomicBoolean buildQueued = new AtomicBoolean();

    /** The indexer of the current handle; replaced when the indexes are rebuilt. */
    private volatile SegmentIndexer indexer;
    /** Size and end offset, packed: see {@link SegmentExtent}. */
    private volatile long extent;
    private volatile boolean active;
    private volatile SegmentHandle handle;
    private volatile boolean retired;
    private volatile boolean rebuildRequested;
    private volatile boolean corruptionReported;
    /** A background thread is building the indexes: network threads open without them meanwhile. */
    private volatile boolean building;
    private volatile boolean fullyFlushed;
    /** Whether the directory entry of the log file is known to be on disk (false for a new segment). */
    private volatile boolean directoryEntryDurable;
    /** Whether the index files were mapped at their preallocated size since the segment was loaded or created. */
    private volatile boolean indexesExtended;
    /** Offsets in this segment are below this; used to check index files read from disk. */
    private volatile long offsetLimit = Long.MAX_VALUE;
    /** The handle a compaction swap keeps this segment on; guarded by this. */
    private SegmentHandle pinned;

    private final Object flushLock = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean referenced;

    private Segment(Path dir, long baseOffset, int size, long endOffset, LogConfig config, LogContext ctx,
                    boolean active, String suffix) {
        this.baseOffset = baseOffset;
        this.extent = SegmentExtent.of(baseOffset, endOffset, size);
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.files = new SegmentFiles(dir, baseOffset, config.segmentIndexBytes(), suffix, ctx.cache().counter(),
                ctx.fileWork());
        this.ctx = ctx;
        this.indexer = new SegmentIndexer(baseOffset, indexIntervalBytes);
        this.active = active;
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
        s.indexer.startEmpty(ctx.clock().millis());
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

    void setOffsetLimit(long limit) {
        this.offsetLimit = limit;
    }

    // ---------------------------------------------------------------- open, pin, evict

    /**
     * Pins this segment's handle for a network thread, opening the files if needed but never building indexes (see
     * the class comment). Returns null when the segment has been retired: the caller takes a fresh look at the
     * log's segments.
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
            h = openWithoutBuilding();
            h.tryRetain();
            handle = h;
        }
        ctx.cache().registered(this);
        if (!h.hasIndexes()) {
            requestBuild();
        }
        return h;
    }

    /** Opens with the indexes as they are on disk, or without indexes when they need building. Monitor held. */
    private SegmentHandle openWithoutBuilding() {
        try {
            SegmentHandle h = building ? null : openIndexed(indexer, rebuildRequested ? WRONG_ENTRY : null, false);
            return h != null ? h : files.openWithoutIndexes(indexer);
        } catch (IOException e) {
            throw new UncheckedIOException("opening segment " + logPath() + " failed", e);
        }
    }

    private SegmentHandle openIndexed(SegmentIndexer target, String rebuildReason, boolean mayBuild)
            throws IOException {
        boolean writable = active;
        SegmentHandle h = files.open(target, size(), offsetLimit, writable, rebuildReason, mayBuild,
                ctx.clock().millis());
        if (h != null && writable) {
            // Mapping extends the index files to their preallocated size: they need trimming again.
            fullyFlushed = false;
            indexesExtended = true;
        }
        return h;
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
        referenced = true;
        SegmentHandle h = handle;
        if (h != null && h.hasIndexes() && !rebuildRequested && h.tryRetain()) {
            return h;
        }
        buildLock.lock();
        try {
            SegmentIndexer target;
            String reason;
            synchronized (this) {
                h = handle;
                if ((pinned != null || h != null && h.hasIndexes() && !rebuildRequested) && h.tryRetain()) {
                    return h;
                }
                if (retired) {
                    return null;
                }
                reason = rebuildRequested ? WRONG_ENTRY : null;
                target = reason == null && indexer.isLoaded() ? indexer
                        : new SegmentIndexer(baseOffset, indexIntervalBytes);
                building = true;
                rebuildRequested = false;
                corruptionReported = false;
            }
            return build(target, reason);
        } finally {
            buildLock.unlock();
        }
    }

    /** Opens with indexes, building them if needed, and makes the result the current handle. Build lock held. */
    private SegmentHandle build(SegmentIndexer target, String reason) {
        SegmentHandle built = null;
        try {
            built = openIndexed(target, reason, true);
        } catch (IOException e) {
            throw new UncheckedIOException("building the indexes of segment " + logPath() + " failed", e);
        } finally {
            if (built == null) {
                synchronized (this) {
                    building = false;
                    rebuildRequested |= reason != null;
                }
            }
        }
        SegmentHandle old;
        synchronized (this) {
            building = false;
            if (retired) {
                built.release();
                return null;
            }
            built.tryRetain();
            old = handle;
            handle = built;
            indexer = target;
        }
        if (old != null) {
            old.release();
        } else {
            ctx.cache().registered(this);
        }
        return built;
    }

    /** Builds this closed segment's indexes on the background executor, once at a time. */
    private void requestBuild() {
        if (active || retired || !buildQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            ctx.background().execute(() -> {
                buildQueued.set(false);
                try {
                    SegmentHandle h = acquirePrepared();
                    if (h != null) {
                        h.release();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("building the indexes of segment {} failed; reads scan it from its start", logPath(), e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            buildQueued.set(false);
        }
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

    /**
     * Drops this segment's reference to its handle; pinned users keep it open until they release it. Returns false,
     * dropping nothing, while a compaction swap keeps the segment on its handle.
     */
    boolean evict() {
        SegmentHandle h;
        synchronized (this) {
            if (pinned != null) {
                return false;
            }
            h = handle;
            handle = null;
        }
        if (h != null) {
            ctx.cache().unregistered();
            h.release();
        }
        return true;
    }

    /**
     * A read found an index entry that does not match the log: a closed segment drops its handle and has its
     * indexes rebuilt in the background; the active one (whose index the appender is extending) is only reported.
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
        if (evict()) {
            requestBuild();
        }
    }

    /** Marks the segment dead (deleted, replaced or closed): it closes its files and never reopens them. */
    void retire() {
        SegmentHandle p;
        synchronized (this) {
            retired = true;
            p = pinned;
            pinned = null;
        }
        evict();
        if (p != null) {
            p.release();
        }
        ctx.cache().forget(this);
    }

    /**
     * For a compaction swap, on the cleaner thread: keeps the current handle (with indexes) open and this segment on
     * it, whatever happens to the files under its names, until {@link #retire()} or {@link #unpinAfterFailedSwap()}.
     */
    void pinForSwap() {
        SegmentHandle h = acquirePrepared();
        if (h == null) {
            throw new IllegalStateException("segment " + logPath() + " was retired before its compaction swap");
        }
        synchronized (this) {
            pinned = h;
        }
    }

    /**
     * The swap was given up before the compacted copy took the log file's name: the segment stays, on its open
     * handle; should that be closed, the next open rebuilds the indexes (the swap may have replaced their files).
     */
    void unpinAfterFailedSwap() {
        SegmentHandle p;
        synchronized (this) {
            p = pinned;
            pinned = null;
            rebuildRequested = true;
        }
        if (p != null) {
            p.release();
        }
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
        SegmentIndexer ix = indexer;
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
