package io.runnel.broker.log;

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

/**
 * The three files of one segment and how they are opened: the log file as a channel, the two index files as
 * memory maps (preallocated while the segment is active). Index files read from disk are never trusted blindly:
 * their lengths and entries are checked against the log, and when they fail (or are missing, as after recovery
 * or compaction) they are rebuilt from the log's batch headers, by a caller that may do that work.
 *
 * <p>A compacted copy waiting to replace a segment has the same names with the suffix {@code .swap}
 * ({@link LogLoader#SWAP_SUFFIX}); {@link #swapped()} drops it once the files were renamed.
 */
final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
    /** Index files are deleted on purpose after recovery and compaction: rebuilding them is routine. */
    private static final String MISSING_INDEX = "an index file is missing";

    private final Path dir;
    private final long baseOffset;
    private final int indexCapacity;
    private final OpenResourceCounter counter;
    private final FileWorkProbe probe;
    private volatile String suffix;

    SegmentFiles(Path dir, long baseOffset, int indexCapacity, String suffix, OpenResourceCounter counter,
                 FileWorkProbe probe) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.indexCapacity = indexCapacity;
        this.suffix = suffix;
        this.counter = counter;
        this.probe = probe;
    }

    Path logPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.LOG_SUFFIX) + suffix);
    }

    Path offsetIndexPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.INDEX_SUFFIX) + suffix);
    }

    Path timeIndexPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.TIME_INDEX_SUFFIX) + suffix);
    }

    /** The files were renamed from their swap names to the segment's own: later opens use those. */
    void swapped() {
        suffix = "";
    }
    /** Creates an empty log file (refusing to clobber one with data) and removes stale index files. */
    void createEmpty() {
        Path log = logPath();
        try {
            Files.deleteIfExists(offsetIndexPath());
            Files.deleteIfExists(timeIndexPath());
            if (Files.exists(log) && Files.size(log) > 0) {
                throw new IOException("segment file " + log + " already exists and holds data");
            }
            Files.newByteChannel(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            throw new UncheckedIOException("creating segment " + log + " failed", e);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(logPath());
        Files.deleteIfExists(offsetIndexPath());
        Files.deleteIfExists(timeIndexPath());
        if (suffix.isEmpty()) {
            // A compacted copy shares the segment's aborted-transaction index (offsets do not change).
            Files.deleteIfExists(TransactionIndex.path(dir, baseOffset));
        }
    }

    long lastModifiedMs() {
        try {
            return Files.getLastModifiedTime(logPath()).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the modification time of " + logPath() + " failed", e);
        }
    }

    /**
     * Opens the segment: channel plus index maps. Loads the index entry counts into {@code indexer} if it has none
     * yet and checks the entries against a log of {@code size} bytes holding offsets below {@code offsetLimit}. When
     * the indexes fail the check, are missing, or {@code rebuildReason} is set, they need building: with
     * {@code mayBuild} both are rebuilt from the log (reading every batch header, then, for a closed segment,
     * truncating and fsyncing the index files); without it nothing is left open and the answer is null.
     *
     * @param writable whether the segment is active: the index maps then span the preallocated size
     * @param nowMs    the log clock's time, which a segment opened for appends counts its age from
     */
    SegmentHandle open(SegmentIndexer indexer, int size, long offsetLimit, boolean writable, String rebuildReason,
                       boolean mayBuild, long nowMs) throws IOException {
        if (rebuildReason != null && !mayBuild) {
            return null;
        }
        FileChannel ch = openLog();
        OffsetIndex offsetIndex = indexer.offsetIndex();
        TimeIndex timeIndex = indexer.timeIndex();
        MappedByteBuffer oi = null;
        MappedByteBuffer ti = null;
        try {
            String problem = rebuildReason;
            if (problem == null && (!offsetIndex.isLoaded() || !timeIndex.isLoaded())) {
                problem = loadEntries(offsetIndex, timeIndex, size);
            }
            if (problem == null) {
                oi = IndexFiles.map(offsetIndexPath(), OffsetIndex.ENTRY_SIZE, offsetIndex.entries(), writable,
                        indexCapacity);
                ti = IndexFiles.map(timeIndexPath(), TimeIndex.ENTRY_SIZE, timeIndex.entries(), writable,
                        indexCapacity);
                if (!indexer.isLoaded()) {
                    problem = check(offsetIndex, timeIndex, oi, ti, size, offsetLimit);
                }
            }
            if (problem != null) {
                IndexFiles.unmap(oi);
                IndexFiles.unmap(ti);
                oi = null;
                ti = null;
                if (!mayBuild) {
                    LOG.debug("segment {} opens without indexes until they are built: {}", logPath(), problem);
                    closeQuietly(ch, null);
                    return null;
                }
                build(indexer, ch, size, writable, problem, nowMs);
                oi = IndexFiles.map(offsetIndexPath(), OffsetIndex.ENTRY_SIZE, offsetIndex.entries(), writable,
                        indexCapacity);
                ti = IndexFiles.map(timeIndexPath(), TimeIndex.ENTRY_SIZE, timeIndex.entries(), writable,
                        indexCapacity);
            }
            if (!indexer.isLoaded()) {
                indexer.loadFrom(ch, oi, ti, size, nowMs);
            }
            return new SegmentHandle(ch, oi, ti, indexer, true, counter);
        } catch (IOException | RuntimeException e) {
            IndexFiles.unmap(oi);
            IndexFiles.unmap(ti);
            closeQuietly(ch, e);
            throw e;
        }
    }

    /**
     * Opens the log file alone: the handle's maps are empty, so every lookup scans batch headers from the start of
     * the segment. Reads on such a handle are correct, only slower; it never touches the index files.
     */
    SegmentHandle openWithoutIndexes(SegmentIndexer indexer) throws IOException {
        FileChannel ch = openLog();
        try {
            MappedByteBuffer none = ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
            return new SegmentHandle(ch, none, none, indexer, false, counter);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, e);
            throw e;
        }
    }

    private FileChannel openLog() throws IOException {
        return FileChannel.open(logPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** Rebuilds both index files from the log's batch headers; a closed segment's are trimmed and fsynced. */
    private void build(SegmentIndexer indexer, FileChannel ch, int size, boolean writable, String problem,
                       long nowMs) throws IOException {
        probe.performing("building the indexes of " + logPath());
        if (problem == MISSING_INDEX) {
            LOG.debug("building the indexes of segment {}", logPath());
        } else {
            LOG.warn("rebuilding the indexes of segment {}: {}", logPath(), problem);
        }
        Files.deleteIfExists(offsetIndexPath());
        Files.deleteIfExists(timeIndexPath());
        MappedByteBuffer oi = IndexFiles.map(offsetIndexPath(), OffsetIndex.ENTRY_SIZE, 0, true, indexCapacity);
        MappedByteBuffer ti = IndexFiles.map(timeIndexPath(), TimeIndex.ENTRY_SIZE, 0, true, indexCapacity);
        try {
            indexer.rebuild(ch, oi, ti, size, logPath(), nowMs);
            if (!writable) {
                trim(indexer, oi, ti);
            }
        } finally {
            IndexFiles.unmap(oi);
            IndexFiles.unmap(ti);
        }
    }

    private static void closeQuietly(FileChannel ch, Exception failure) {
        try {
            ch.close();
        } catch (IOException suppressed) {
            if (failure != null) {
                failure.addSuppressed(suppressed);
            } else {
                LOG.warn("closing {} failed", ch, suppressed);
            }
        }
    }

    /** Writes the final time entry, then cuts both index files to their entries, durably. */
    void trim(SegmentIndexer indexer, MappedByteBuffer oi, MappedByteBuffer ti) throws IOException {
        indexer.writeFinalTimeEntry(ti);
        IndexFiles.trim(oi, offsetIndexPath(), indexer.offsetIndex().entries() * OffsetIndex.ENTRY_SIZE);
        IndexFiles.trim(ti, timeIndexPath(), indexer.timeIndex().entries() * TimeIndex.ENTRY_SIZE);
    }

    /** Reads the entry counts from the index file lengths; returns why they cannot be trusted, or null. */
    private String loadEntries(OffsetIndex offsetIndex, TimeIndex timeIndex, int size) throws IOException {
        long oiLen = IndexFiles.length(offsetIndexPath());
        long tiLen = IndexFiles.length(timeIndexPath());
        if (oiLen < 0 || tiLen < 0) {
            if (size == 0 && oiLen <= 0 && tiLen <= 0) {
                offsetIndex.setEntries(0);
                timeIndex.setEntries(0);
                return null;
            }
            return MISSING_INDEX;
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

    private static String check(OffsetIndex offsetIndex, TimeIndex timeIndex, ByteBuffer oi, ByteBuffer ti, int size,
                                long offsetLimit) {
        String problem = offsetIndex.checkSane(oi, offsetIndex.entries(), size, offsetLimit);
        if (problem == null) {
            problem = timeIndex.checkSane(ti, timeIndex.entries(), offsetLimit);
        }
        return problem == null ? null : "offset or time index is corrupt: " + problem;
    }
}
