package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One segment of a partition log: the file {@code <baseOffset>.log} (20 digits) of whole record batches, with its
 * sparse {@link OffsetIndex} ({@code .index}) and {@link TimeIndex} ({@code .timeindex}).
 *
 * <p>Invariants: the file holds whole batches only, up to {@link #size()}; their offsets increase, are at least
 * the base offset and stay within an int of it; only the active segment grows, and only its appender (holding
 * the log's append lock) writes to it; {@code size} is published after the bytes and index entries it covers,
 * so readers that read it once see whole batches below it.
 *
 * <p>Files open lazily through {@link #acquire()}, which returns a pinned {@link SegmentHandle}; the
 * {@link OpenSegmentCache} may close an idle segment's files at any time. While active the index files are
 * preallocated to {@code segment.index.bytes}; they are trimmed to their entries when the segment is closed.
 */
final class Segment {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);
    /** Index files are deleted on purpose after recovery and compaction: rebuilding them is routine. */
    private static final String MISSING_INDEX = "an index file is missing";

    private final long baseOffset;
    private final Path logPath;
    private final Path offsetIndexPath;
    private final Path timeIndexPath;
    private final OpenSegmentCache cache;
    private final int indexCapacity;
    private final int indexIntervalBytes;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;

    private volatile int size;
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
    private volatile long offsetLimit;

    private final Object flushLock = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean referenced;

    // Appender state: written under the log's append lock, or by the one thread loading/recovering the segment.
    private boolean appenderStateLoaded;
    private int bytesSinceIndexEntry;
    private volatile long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestamp = -1;
    private volatile boolean maxTimestampKnown;
    private long createdMs;

    private Segment(Path dir, long baseOffset, int size, LogConfig config, OpenSegmentCache cache, boolean active) {
        this.baseOffset = baseOffset;
        this.logPath = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.offsetIndexPath = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        this.timeIndexPath = dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX));
        this.cache = cache;
        this.indexCapacity = config.segmentIndexBytes();
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.offsetIndex = new OffsetIndex(baseOffset);
        this.timeIndex = new TimeIndex(baseOffset);
        this.size = size;
        this.active = active;
        this.offsetLimit = Long.MAX_VALUE;
    }

    /** The file name of a segment file: the base offset as 20 zero-padded digits, then the suffix. */
    static String fileName(long baseOffset, String suffix) {
        String digits = Long.toString(baseOffset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits + suffix;
    }

    /** Creates a new, empty active segment: its files exist when this returns. */
    static Segment create(Path dir, long baseOffset, LogConfig config, OpenSegmentCache cache, long nowMs) {
        Segment s = new Segment(dir, baseOffset, 0, config, cache, true);
        try {
            Files.deleteIfExists(s.offsetIndexPath);
            Files.deleteIfExists(s.timeIndexPath);
            if (Files.exists(s.logPath) && Files.size(s.logPath) > 0) {
                throw new IOException("segment file " + s.logPath + " already exists and holds data");
            }
            Files.newByteChannel(s.logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            throw new UncheckedIOException("creating segment " + s.logPath + " failed", e);
        }
        s.offsetIndex.setEntries(0);
        s.timeIndex.setEntries(0);
        s.appenderStateLoaded = true;
        s.maxTimestampKnown = true;
        s.createdMs = nowMs;
        return s;
    }

    /**
     * A segment found on disk; nothing is opened until first use.
     *
     * @param flushed whether the files are known to be durable and trimmed (a clean shutdown, or before the
     *                recovery point)
     */
    static Segment load(Path dir, long baseOffset, int size, LogConfig config, OpenSegmentCache cache,
                        boolean active, long offsetLimit, boolean flushed) {
        Segment s = new Segment(dir, baseOffset, size, config, cache, active);
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
        return size;
    }

    boolean isActive() {
        return active;
    }

    Path logPath() {
        return logPath;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
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
                throw new UncheckedIOException("opening segment " + logPath + " failed", e);
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
            LOG.warn("index of segment {} is corrupt: {}; {}", logPath, reason,
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

    boolean isRetired() {
        return retired;
    }

    /** Deletes the segment's three files; call after {@link #retire()}. */
    void deleteFiles() throws IOException {
        Files.deleteIfExists(logPath);
        Files.deleteIfExists(offsetIndexPath);
        Files.deleteIfExists(timeIndexPath);
    }

    private SegmentHandle open() throws IOException {
        FileChannel ch = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        MappedByteBuffer oi = null;
        MappedByteBuffer ti = null;
        try {
            boolean writable = active;
            if (writable) {
                // Mapping extends the index files to their preallocated size: they need trimming again.
                fullyFlushed = false;
                indexesExtended = true;
            }
            String problem = null;
            if (rebuildRequested) {
                problem = "a read found an index entry that points to the wrong place";
                rebuildRequested = false;
                corruptionReported = false;
            } else if (!offsetIndex.isLoaded() || !timeIndex.isLoaded()) {
                problem = loadEntries();
            }
            if (problem == null) {
                oi = mapIndex(offsetIndexPath, OffsetIndex.ENTRY_SIZE, offsetIndex.entries(), writable);
                ti = mapIndex(timeIndexPath, TimeIndex.ENTRY_SIZE, timeIndex.entries(), writable);
                if (!appenderStateLoaded) {
                    problem = checkIndexes(oi, ti);
                }
            }
            if (problem != null) {
                if (problem == MISSING_INDEX) {
                    LOG.debug("building the indexes of segment {}", logPath);
                } else {
                    LOG.warn("rebuilding the indexes of segment {}: {}", logPath, problem);
                }
                unmapQuietly(oi);
                unmapQuietly(ti);
                oi = null;
                ti = null;
                Files.deleteIfExists(offsetIndexPath);
                Files.deleteIfExists(timeIndexPath);
                offsetIndex.setEntries(0);
                timeIndex.setEntries(0);
                oi = mapIndex(offsetIndexPath, OffsetIndex.ENTRY_SIZE, 0, true);
                ti = mapIndex(timeIndexPath, TimeIndex.ENTRY_SIZE, 0, true);
                rebuildIndexes(ch, oi, ti);
                if (!active) {
                    finishIndexes(oi, ti);
                }
            }
            if (!appenderStateLoaded) {
                loadAppenderState(ch, oi, ti);
            }
            return new SegmentHandle(ch, oi, ti, writable, cache.counter());
        } catch (IOException | RuntimeException e) {
            unmapQuietly(oi);
            unmapQuietly(ti);
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void unmapQuietly(MappedByteBuffer map) {
        if (map != null && map.capacity() > 0) {
            io.netty.util.internal.PlatformDependent.freeDirectBuffer(map);
        }
    }

    /** Reads the entry counts from the index file lengths; returns why they cannot be trusted, or null. */
    private String loadEntries() throws IOException {
        long oiLen = Files.exists(offsetIndexPath) ? Files.size(offsetIndexPath) : -1;
        long tiLen = Files.exists(timeIndexPath) ? Files.size(timeIndexPath) : -1;
        if (oiLen < 0 || tiLen < 0) {
            return size == 0 && oiLen <= 0 && tiLen <= 0 ? emptyIndexes() : MISSING_INDEX;
        }
        if (oiLen % OffsetIndex.ENTRY_SIZE != 0 || tiLen % TimeIndex.ENTRY_SIZE != 0) {
            return "index file lengths " + oiLen + " and " + tiLen + " are not whole entries";
        }
        if (oiLen > Integer.MAX_VALUE || tiLen > Integer.MAX_VALUE) {
            return "index file lengths " + oiLen + " and " + tiLen + " are too large";
        }
        offsetIndex.setEntries((int) (oiLen / OffsetIndex.ENTRY_SIZE));
        timeIndex.setEntries((int) (tiLen / TimeIndex.ENTRY_SIZE));
        return null;
    }

    private String emptyIndexes() {
        offsetIndex.setEntries(0);
        timeIndex.setEntries(0);
        return null;
    }

    private String checkIndexes(ByteBuffer oi, ByteBuffer ti) {
        String problem = offsetIndex.checkSane(oi, offsetIndex.entries(), size, offsetLimit);
        if (problem == null) {
            problem = timeIndex.checkSane(ti, timeIndex.entries(), offsetLimit);
        }
        return problem == null ? null : "offset or time index is corrupt: " + problem;
    }

    private MappedByteBuffer mapIndex(Path path, int entrySize, int entries, boolean preallocate) throws IOException {
        try (FileChannel ic = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long exact = (long) entries * entrySize;
            long mapLength = preallocate ? Math.max(exact, indexCapacity / entrySize * (long) entrySize) : exact;
            return ic.map(FileChannel.MapMode.READ_WRITE, 0, mapLength);
        }
    }

    private void loadAppenderState(FileChannel ch, ByteBuffer oi, ByteBuffer ti) throws IOException {
        long lastTs = timeIndex.lastTimestamp(ti);
        if (lastTs > RecordBatch.NO_TIMESTAMP) {
            maxTimestamp = lastTs;
            offsetOfMaxTimestamp = timeIndex.lastOffset(ti);
        }
        maxTimestampKnown = true;
        bytesSinceIndexEntry = size - offsetIndex.lastPosition(oi);
        createdMs = System.currentTimeMillis();
        BatchHeaderReader r = BatchHeaderReader.forThread(ch);
        if (r.load(0, size) && r.maxTimestamp(0) >= 0) {
            createdMs = Math.min(createdMs, r.maxTimestamp(0));
        }
        appenderStateLoaded = true;
    }

    /** Re-indexes every batch of the file by its headers (the data is trusted: before the recovery point). */
    private void rebuildIndexes(FileChannel ch, ByteBuffer oi, ByteBuffer ti) throws IOException {
        resetAppenderState();
        BatchHeaderReader r = BatchHeaderReader.forThread(ch);
        long pos = 0;
        while (r.load(pos, size)) {
            long batchSize = r.sizeInBytes(pos);
            if (batchSize < RecordBatch.HEADER_SIZE || pos + batchSize > size) {
                throw new IOException("segment " + logPath + " has a batch at position " + pos + " of size "
                        + batchSize + " that does not fit its " + size + " bytes");
            }
            indexBatch(oi, ti, r.baseOffset(pos), r.maxTimestamp(pos), (int) pos, (int) batchSize);
            pos += batchSize;
        }
        appenderStateLoaded = true;
        maxTimestampKnown = true;
        createdMs = System.currentTimeMillis();
    }

    void resetAppenderState() {
        bytesSinceIndexEntry = 0;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestamp = -1;
    }

    // ---------------------------------------------------------------- append side (append lock held)

    /**
     * Indexes one batch that lies at {@code position}: updates the largest timestamp and adds an offset-index
     * entry (and maybe a time-index entry) once {@code index.interval.bytes} have passed since the last.
     */
    void indexBatch(ByteBuffer oi, ByteBuffer ti, long batchBaseOffset, long batchMaxTimestamp, int position,
                    int batchSize) {
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
            offsetOfMaxTimestamp = batchBaseOffset;
        }
        if (bytesSinceIndexEntry > indexIntervalBytes && !offsetIndex.isFull(oi.capacity())) {
            offsetIndex.append(oi, batchBaseOffset, position);
            if (maxTimestamp > RecordBatch.NO_TIMESTAMP && !timeIndex.isFull(ti.capacity())) {
                timeIndex.maybeAppend(ti, maxTimestamp, offsetOfMaxTimestamp);
            }
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batchSize;
    }

    /**
     * Whether appending {@code bytes} in {@code batches} batches whose offsets reach {@code lastOffset} needs a
     * new segment first: size, age, room in the indexes, or relative offsets that would overflow an int.
     */
    boolean needsRoll(SegmentHandle h, int bytes, int batches, long lastOffset, LogConfig config, long nowMs) {
        if (size == 0) {
            return lastOffset - baseOffset > Integer.MAX_VALUE;
        }
        return (long) size + bytes > config.segmentBytes()
                || nowMs - createdMs > config.segmentMs()
                || (long) offsetIndex.entries() + batches > h.offsetIndexMap().capacity() / OffsetIndex.ENTRY_SIZE
                || (long) timeIndex.entries() + batches + 1 > h.timeIndexMap().capacity() / TimeIndex.ENTRY_SIZE
                || lastOffset - baseOffset > Integer.MAX_VALUE;
    }

    /** Whether the segment is older than {@code segment.ms} (and not empty): the appender rolls it. */
    boolean isDueForTimeRoll(LogConfig config, long nowMs) {
        return appenderStateLoaded && size > 0 && nowMs - createdMs > config.segmentMs();
    }

    /**
     * Writes {@code batches} (readable bytes: whole batches whose offsets are assigned) at the end of this active
     * segment and indexes them, then publishes the new size.
     */
    void append(SegmentHandle h, ByteBuf batches, RecordBatch view) throws IOException {
        int start = size;
        int length = batches.readableBytes();
        FileChannel ch = h.channel();
        long at = start;
        if (batches.nioBufferCount() == 1) {
            ByteBuffer nio = batches.nioBuffer();
            while (nio.hasRemaining()) {
                at += ch.write(nio, at);
            }
        } else {
            for (ByteBuffer nio : batches.nioBuffers()) {
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
            indexBatch(oi, ti, view.baseOffset(), view.maxTimestamp(), pos, batchSize);
            pos += batchSize;
            idx += batchSize;
        }
        fullyFlushed = false;
        size = pos;
    }

    /** Sets the size after recovery truncated or validated the file. */
    void setRecoveredSize(int newSize) {
        this.size = newSize;
        this.appenderStateLoaded = true;
        this.maxTimestampKnown = true;
        this.fullyFlushed = false;
        this.createdMs = System.currentTimeMillis();
    }

    /** Stops appends: writes the last time-index entry (the segment's largest timestamp). Append lock held. */
    void deactivate(SegmentHandle h) {
        writeFinalTimeEntry(h.timeIndexMap());
        active = false;
    }

    private void writeFinalTimeEntry(ByteBuffer ti) {
        if (maxTimestamp > RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(ti, maxTimestamp, offsetOfMaxTimestamp);
        }
    }

    // ---------------------------------------------------------------- flushing

    boolean isFullyFlushed() {
        return fullyFlushed;
    }

    /** Whether the file's directory entry is durable, or does not matter yet (the segment is still empty). */
    boolean isDirectoryEntryDurable() {
        return directoryEntryDurable || size == 0;
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
            if (size == 0 && !indexesExtended) {
                // Never written and never opened for appends: no data to sync, no preallocated index to trim.
                fullyFlushed = true;
                return;
            }
            SegmentHandle h = acquire();
            if (h == null) {
                return;
            }
            try {
                if (appenderStateLoaded) {
                    writeFinalTimeEntry(h.timeIndexMap());
                }
                finishIndexes(h.offsetIndexMap(), h.timeIndexMap());
                h.channel().force(true);
                fullyFlushed = true;
            } finally {
                h.release();
            }
        }
    }

    private void finishIndexes(MappedByteBuffer oi, MappedByteBuffer ti) throws IOException {
        int oiBytes = offsetIndex.entries() * OffsetIndex.ENTRY_SIZE;
        int tiBytes = timeIndex.entries() * TimeIndex.ENTRY_SIZE;
        if (oiBytes > 0) {
            oi.force(0, oiBytes);
        }
        if (tiBytes > 0) {
            ti.force(0, tiBytes);
        }
        truncate(offsetIndexPath, oiBytes);
        truncate(timeIndexPath, tiBytes);
    }

    private static void truncate(Path path, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    // ---------------------------------------------------------------- timestamps

    /** The largest batch max timestamp in the segment ({@code -1} if none); may open the segment. */
    long maxTimestamp() {
        ensureMaxTimestamp();
        return maxTimestamp;
    }

    /** The base offset of the batch holding {@link #maxTimestamp()}, or -1. */
    long offsetOfMaxTimestamp() {
        ensureMaxTimestamp();
        return offsetOfMaxTimestamp;
    }

    private void ensureMaxTimestamp() {
        if (maxTimestampKnown) {
            return;
        }
        SegmentHandle h = acquire();
        if (h == null) {
            return;
        }
        try {
            if (!maxTimestampKnown) {
                long ts = timeIndex.lastTimestamp(h.timeIndexMap());
                if (ts > RecordBatch.NO_TIMESTAMP) {
                    maxTimestamp = ts;
                    offsetOfMaxTimestamp = timeIndex.lastOffset(h.timeIndexMap());
                }
                maxTimestampKnown = true;
            }
        } finally {
            h.release();
        }
    }

    /** When the log file was last written, for retention of segments without timestamps. */
    long lastModifiedMs() {
        try {
            return Files.getLastModifiedTime(logPath).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the modification time of " + logPath + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "Segment(" + logPath + ", size=" + size + (active ? ", active" : "") + ")";
    }
}
