package io.runnel.broker.log;

import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens a partition directory as a {@link PartitionLog}, ready for network threads: whatever file work a first
 * read or append would otherwise meet is done here, on the opening thread (a start-up loader, or the topic-admin
 * thread for a new partition).
 *
 * <p>After a clean shutdown little is read but the directory listing: the log end offset is the recovery point the
 * shutdown wrote, and segments open lazily. Otherwise every segment from the one holding the recovery point on is
 * checked batch by batch by {@link SegmentRecovery}; the log is cut at the first bad batch (later segments are
 * deleted). Either way, segments whose indexes are missing (recovered ones, and those a finished compaction swap
 * left without) get them built now, and the producer state is loaded. Leftovers of an interrupted compaction
 * swap are finished ({@code .log.swap}) or dropped ({@code .cleaned}, and index files of a swap, which are never
 * trusted) first.
 */
final class LogLoader {
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";
    static final String DELETED_SUFFIX = ".deleted";

    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    private LogLoader() {
    }

    /**
     * @param recoveryPoint   the checkpointed recovery point, or -1 when unknown
     * @param logStartOffset  the checkpointed log start offset, or -1 when unknown
     * @param cleanShutdown   whether the broker shut down cleanly (then the recovery point is the log end offset)
     */
    static PartitionLog load(TopicPartition tp, Path dir, LogConfig config, LogContext ctx, long recoveryPoint,
                             long logStartOffset, boolean cleanShutdown, SegmentRecovery recovery) {
        try {
            return loadOrThrow(tp, dir, config, ctx, recoveryPoint, logStartOffset, cleanShutdown, recovery);
        } catch (IOException e) {
            throw new UncheckedIOException("loading the log of " + tp + " from " + dir + " failed", e);
        }
    }

    private static PartitionLog loadOrThrow(TopicPartition tp, Path dir, LogConfig config, LogContext ctx,
                                            long recoveryPoint, long logStartOffset, boolean cleanShutdown,
                                            SegmentRecovery recovery) throws IOException {
        Files.createDirectories(dir);
        Listing listing = list(dir);
        long[] bases = listing.bases();
        if (bases.length == 0) {
            long base = Math.max(0, logStartOffset);
            Segment s = Segment.create(dir, base, config, ctx);
            PartitionLog log = new PartitionLog(tp, dir, config, ctx, new Segment[]{s}, base, base);
            // Snapshots without segments are stale (past the new log's end): a full load deletes them.
            log.producerStore().load(false);
            return log;
        }
        int[] sizes = new int[bases.length];
        for (int i = 0; i < bases.length; i++) {
            long size = Files.size(dir.resolve(Segment.fileName(bases[i], Segment.LOG_SUFFIX)));
            if (size > Integer.MAX_VALUE) {
                throw new IOException("segment " + bases[i] + " of " + tp + " is " + size + " bytes, above 2 GiB");
            }
            sizes[i] = (int) size;
        }
        int last = bases.length - 1;
        boolean consistent = recoveryPoint >= bases[last] && (sizes[last] > 0 || recoveryPoint == bases[last]);
        long logEnd;
        int count = bases.length;
        int firstRecovered = count;
        boolean clean = cleanShutdown && consistent;
        if (clean) {
            logEnd = recoveryPoint;
        } else {
            if (cleanShutdown) {
                LOG.warn("{}: recovery point {} does not fit the last segment {} ({} bytes); recovering it", tp,
                        recoveryPoint, bases[last], sizes[last]);
            }
            firstRecovered = recoveryPoint < 0 ? 0 : floorIndex(bases, recoveryPoint);
            long next = bases[firstRecovered];
            for (int i = firstRecovered; i < count; i++) {
                Path file = dir.resolve(Segment.fileName(bases[i], Segment.LOG_SUFFIX));
                SegmentRecovery.Result r = recovery.recover(file, bases[i], next);
                sizes[i] = r.validBytes();
                next = Math.max(r.nextOffset(), bases[i]);
                Files.deleteIfExists(dir.resolve(Segment.fileName(bases[i], Segment.INDEX_SUFFIX)));
                Files.deleteIfExists(dir.resolve(Segment.fileName(bases[i], Segment.TIME_INDEX_SUFFIX)));
                if (r.problem() != null) {
                    reportAndCut(tp, dir, bases, sizes, i, r);
                    count = i + 1;
                    break;
                }
            }
            logEnd = Math.max(next, bases[count - 1]);
            recoveryPoint = bases[firstRecovered];
        }
        Segment[] segments = new Segment[count];
        for (int i = 0; i < count; i++) {
            boolean active = i == count - 1;
            long limit = active ? logEnd : bases[i + 1];
            segments[i] = Segment.load(dir, bases[i], sizes[i], config, ctx, active, limit,
                    i < firstRecovered);
        }
        for (int i = 0; i < count; i++) {
            // Recovered segments (while their bytes are in the page cache) and those without index files.
            if (i >= firstRecovered || sizes[i] > 0 && !listing.indexed()[i]) {
                SegmentHandle h = segments[i].acquirePrepared();
                h.release();
            }
        }
        long start = Math.min(Math.max(bases[0], logStartOffset), logEnd);
        PartitionLog log = new PartitionLog(tp, dir, config, ctx, segments, start, Math.min(recoveryPoint, logEnd));
        log.producerStore().load(clean);
        return log;
    }

    private static void reportAndCut(TopicPartition tp, Path dir, long[] bases, int[] sizes, int i,
                                     SegmentRecovery.Result r) throws IOException {
        long droppedLater = 0;
        for (int j = i + 1; j < bases.length; j++) {
            droppedLater += sizes[j];
        }
        long dropped = r.fileBytes() - r.validBytes();
        boolean middle = droppedLater > 0 || i + 1 < bases.length;
        if (middle) {
            LOG.error("CORRUPT LOG: partition {} is corrupt at offset {} (segment {}, position {}): {}. Truncating "
                            + "the log there: {} bytes of this segment and {} later segments ({} bytes) are dropped",
                    tp, r.nextOffset(), bases[i], r.validBytes(), r.problem(), dropped, bases.length - i - 1,
                    droppedLater);
        } else if (dropped > 0) {
            LOG.warn("partition {}: incomplete tail after offset {} (segment {}, position {}): {}; truncated {} "
                    + "bytes", tp, r.nextOffset() - 1, bases[i], r.validBytes(), r.problem(), dropped);
        }
        for (int j = i + 1; j < bases.length; j++) {
            for (String suffix : List.of(Segment.LOG_SUFFIX, Segment.INDEX_SUFFIX, Segment.TIME_INDEX_SUFFIX,
                    TransactionIndex.SUFFIX)) {
                Files.deleteIfExists(dir.resolve(Segment.fileName(bases[j], suffix)));
            }
        }
    }

    private static int floorIndex(long[] bases, long offset) {
        int i = Arrays.binarySearch(bases, offset);
        if (i >= 0) {
            return i;
        }
        return Math.max(0, -i - 2);
    }

    /** The segments found in a partition directory: base offsets, ascending, and whether both index files exist. */
    record Listing(long[] bases, boolean[] indexed) {
    }

    /** Lists the segments' base offsets, finishing or removing leftovers of interrupted swaps and deletes. */
    static long[] listSegments(Path dir) throws IOException {
        return list(dir).bases();
    }

    /** As {@link #listSegments}, also telling which segments have both index files. */
    static Listing list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                files.add(p);
            }
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            if (name.endsWith(Segment.LOG_SUFFIX + SWAP_SUFFIX)) {
                String base = name.substring(0, name.length() - SWAP_SUFFIX.length() - Segment.LOG_SUFFIX.length());
                LOG.info("completing an interrupted compaction swap of segment {} in {}", base, dir);
                Files.deleteIfExists(dir.resolve(base + Segment.INDEX_SUFFIX));
                Files.deleteIfExists(dir.resolve(base + Segment.TIME_INDEX_SUFFIX));
                Files.move(p, dir.resolve(base + Segment.LOG_SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else if (name.endsWith(CLEANED_SUFFIX) || name.endsWith(DELETED_SUFFIX)
                    || name.endsWith(Segment.INDEX_SUFFIX + SWAP_SUFFIX)
                    || name.endsWith(Segment.TIME_INDEX_SUFFIX + SWAP_SUFFIX)) {
                Files.deleteIfExists(p);
            }
        }
        List<Long> bases = new ArrayList<>();
        Set<Long> withIndex = new HashSet<>();
        Set<Long> withTimeIndex = new HashSet<>();
        List<String> indexes = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(Segment.LOG_SUFFIX) && isSegmentName(name, Segment.LOG_SUFFIX)) {
                    bases.add(Long.parseLong(name.substring(0, 20)));
                } else if (name.endsWith(Segment.INDEX_SUFFIX) && isSegmentName(name, Segment.INDEX_SUFFIX)) {
                    indexes.add(name);
                    withIndex.add(Long.parseLong(name.substring(0, 20)));
                } else if (name.endsWith(Segment.TIME_INDEX_SUFFIX)
                        && isSegmentName(name, Segment.TIME_INDEX_SUFFIX)) {
                    indexes.add(name);
                    withTimeIndex.add(Long.parseLong(name.substring(0, 20)));
                }
            }
        }
        Set<Long> present = new HashSet<>(bases);
        for (String index : indexes) {
            if (!present.contains(Long.parseLong(index.substring(0, 20)))) {
                Files.deleteIfExists(dir.resolve(index));
            }
        }
        long[] sorted = new long[bases.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = bases.get(i);
        }
        Arrays.sort(sorted);
        boolean[] indexed = new boolean[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            indexed[i] = withIndex.contains(sorted[i]) && withTimeIndex.contains(sorted[i]);
        }
        return new Listing(sorted, indexed);
    }

    private static boolean isSegmentName(String name, String suffix) {
        if (name.length() != 20 + suffix.length()) {
            return false;
        }
        for (int i = 0; i < 20; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
