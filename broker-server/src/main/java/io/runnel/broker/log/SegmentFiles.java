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
 * or compaction) they are rebuilt from the log's batch headers.
 */
final class SegmentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
    /** Index files are deleted on purpose after recovery and compaction: rebuilding them is routine. */
    private static final String MISSING_INDEX = "an index file is missing";

    private final Path dir;
    private final long baseOffset;
    private final int indexCapacity;

    SegmentFiles(Path dir, long baseOffset, int indexCapacity) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.indexCapacity = indexCapacity;
    }

    Path logPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.LOG_SUFFIX));
    }

    Path offsetIndexPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.INDEX_SUFFIX));
    }

    Path timeIndexPath() {
        return dir.resolve(Segment.fileName(baseOffset, Segment.TIME_INDEX_SUFFIX));
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
    }

    long lastModifiedMs() {
        try {
            return Files.getLastModifiedTime(logPath()).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the modification time of " + logPath() + " failed", e);
        }
    }

    /**
     * Opens the segment: channel plus index maps. Loads the index entry counts on first open and checks the
     * entries against a log of {@code size} bytes holding offsets below {@code offsetLimit}; rebuilds both
     * indexes when they fail the check or {@code rebuildReason} is set.
     *
     * @param writable whether the segment is active: the index maps then span the preallocated size
     */
    SegmentHandle open(SegmentIndexer indexer, int size, long offsetLimit, boolean writable, String rebuildReason,
                       OpenResourceCounter counter) throws IOException {
        FileChannel ch = FileChannel.open(logPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
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
                if (problem == MISSING_INDEX) {
                    LOG.debug("building the indexes of segment {}", logPath());
                } else {
                    LOG.warn("rebuilding the indexes of segment {}: {}", logPath(), problem);
                }
                Files.deleteIfExists(offsetIndexPath());
                Files.deleteIfExists(timeIndexPath());
                oi = IndexFiles.map(offsetIndexPath(), OffsetIndex.ENTRY_SIZE, 0, true, indexCapacity);
                ti = IndexFiles.map(timeIndexPath(), TimeIndex.ENTRY_SIZE, 0, true, indexCapacity);
                indexer.rebuild(ch, oi, ti, size, logPath(), System.currentTimeMillis());
                if (!writable) {
                    trim(indexer, oi, ti);
                }
            }
            if (!indexer.isLoaded()) {
                indexer.loadFrom(ch, oi, ti, size, System.currentTimeMillis());
            }
            return new SegmentHandle(ch, oi, ti, writable, counter);
        } catch (IOException | RuntimeException e) {
            IndexFiles.unmap(oi);
            IndexFiles.unmap(ti);
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
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
