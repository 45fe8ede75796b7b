package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How one {@link Segment}'s files are opened, pinned, closed and retired: the segment's current
 * {@link SegmentHandle}, the {@link SegmentIndexer} that matches it, and the building of indexes.
 *
 * <p>Two ways to pin, by whether the caller may wait for file work:
 * <ul>
 *   <li>{@link #acquire()} (network threads: reads, appends) opens the files and checks index files read from disk,
 *   but never builds indexes. When they need building (missing, failing the checks, or a read found an entry that
 *   points to the wrong place) it returns a handle without indexes, on which reads scan batch headers from the
 *   segment's start and an appender rolls, and hands the building of a closed segment's indexes to the log's
 *   background executor.</li>
 *   <li>{@link #acquirePrepared()} (background threads: flusher, cleaner, scheduler, loader) builds the indexes
 *   first when they need it, which reads the whole segment and truncates and fsyncs the index files.</li>
 * </ul>
 * Building happens outside this object's monitor and into a new {@link SegmentIndexer}: meanwhile network threads
 * open without indexes, and a reader that holds an older handle keeps the indexer that matches its maps.
 *
 * <p>Locks: the build lock, which is the {@link Segment}'s monitor and is taken on background threads only, before
 * this object's monitor, which is held only to swap the current handle and for the opening a network thread does
 * (mapping and checking index files, never building). Both are monitors rather than lock objects because a broker
 * holds thousands of idle segments.
 * The {@link OpenSegmentCache} may close the current handle ({@link #evict()}) at any time; pinned users keep it
 * open until they release it. Once retired a segment never opens again. During a compaction swap the segment is
 * pinned ({@link #pinForSwap()}): its open handle serves every reader and it neither reopens nor rebuilds until it
 * is retired or the swap is given up ({@link #unpinAfterFailedSwap()}).
 */
final class SegmentAccess {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAccess.class);
    private static final String WRONG_ENTRY = "a read found an index entry that points to the wrong place";
    private static final VarHandle BUILD_QUEUED;

    static {
        try {
            BUILD_QUEUED = MethodHandles.lookup().findVarHandle(SegmentAccess.class, "buildQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Segment segment;
    private final SegmentFiles files;
    private final LogContext ctx;
    private final int indexIntervalBytes;
    private final AtomicBoolean queued = new AtomicBoolean();

    /** The indexer of the current handle; replaced when the indexes are rebuilt. */
    private volatile SegmentIndexer indexer;
    private volatile SegmentHandle handle;
    private volatile boolean retired;
    private volatile boolean rebuildRequested;
    private volatile boolean corruptionReported;
    /** A background thread is building the indexes: network threads open without them meanwhile. */
    private volatile boolean building;
    private volatile boolean referenced;
    /** A build is queued on the background executor; set and cleared through {@link #BUILD_QUEUED}. */
    private volatile boolean buildQueued;
    /** The handle a compaction swap keeps this segment on; guarded by this. */
    private SegmentHandle pinned;

    SegmentAccess(Segment segment, SegmentFiles files, LogContext ctx, int indexIntervalBytes) {
        this.segment = segment;
        this.files = files;
        this.ctx = ctx;
        this.indexIntervalBytes = indexIntervalBytes;
        this.indexer = new SegmentIndexer(segment.baseOffset(), indexIntervalBytes);
    }

    /** The indexer of the current handle, or of the next one to open. */
    SegmentIndexer indexer() {
        return indexer;
    }

    /** See {@link Segment#acquire()}. */
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
            throw new UncheckedIOException("opening segment " + files.logPath() + " failed", e);
        }
    }

    private SegmentHandle openIndexed(SegmentIndexer target, String rebuildReason, boolean mayBuild)
            throws IOException {
        boolean writable = segment.isActive();
        SegmentHandle h = files.open(target, segment.size(), segment.offsetLimit(), writable, rebuildReason, mayBuild,
                ctx.clock().millis());
        if (h != null && writable) {
            segment.indexesExtended();
        }
        return h;
    }

    /** See {@link Segment#acquirePrepared()}. */
    SegmentHandle acquirePrepared() {
        referenced = true;
        SegmentHandle h = handle;
        if (h != null && h.hasIndexes() && !rebuildRequested && h.tryRetain()) {
            return h;
        }
        // The build lock: serialises building, on background threads only.
        synchronized (segment) {
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
                // With its indexer loaded an open checks and builds nothing, as quick as a network thread's open:
                // only a real build sends network threads to open without indexes meanwhile.
                boolean reopen = reason == null && indexer.isLoaded();
                target = reopen ? indexer : new SegmentIndexer(segment.baseOffset(), indexIntervalBytes);
                building = !reopen;
                rebuildRequested = false;
                corruptionReported = false;
            }
            return build(target, reason);
        }
    }

    /** Opens with indexes, building them if needed, and makes the result the current handle. Build lock held. */
    private SegmentHandle build(SegmentIndexer target, String reason) {
        SegmentHandle built = null;
        try {
            built = openIndexed(target, reason, true);
        } catch (IOException e) {
            throw new UncheckedIOException("building the indexes of segment " + files.logPath() + " failed", e);
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

    /** Builds a closed segment's indexes on the background executor, once at a time. */
    private void requestBuild() {
        if (segment.isActive() || retired || !BUILD_QUEUED.compareAndSet(this, false, true)) {
            return;
        }
        try {
            ctx.background().execute(() -> {
                buildQueued = false;
                try {
                    SegmentHandle h = acquirePrepared();
                    if (h != null) {
                        h.release();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("building the indexes of segment {} failed; reads scan it from its start",
                            files.logPath(), e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            buildQueued = false;
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
     * Drops the segment's reference to its handle; pinned users keep it open until they release it. Returns false,
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

    /** See {@link Segment#indexCorrupt}. */
    void indexCorrupt(String reason) {
        boolean active = segment.isActive();
        if (!corruptionReported) {
            corruptionReported = true;
            LOG.warn("index of segment {} is corrupt: {}; {}", files.logPath(), reason,
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

    /** See {@link Segment#retire()}. */
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

    /** See {@link Segment#pinForSwap()}. */
    void pinForSwap() {
        SegmentHandle h = acquirePrepared();
        if (h == null) {
            throw new IllegalStateException("segment " + files.logPath() + " was retired before its compaction swap");
        }
        synchronized (this) {
            pinned = h;
        }
    }

    /** See {@link Segment#unpinAfterFailedSwap()}. */
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

    @Override
    public String toString() {
        return "SegmentAccess(" + files.logPath() + ")";
    }
}
