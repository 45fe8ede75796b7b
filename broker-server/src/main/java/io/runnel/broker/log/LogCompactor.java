package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compaction of one log (cleanup.policy=compact): keeps the latest record of every key among the closed
 * segments, drops tombstones (null values) once their batch is older than {@code delete.retention.ms}, and
 * never changes an offset.
 *
 * <p>One pass: read the dirty part (from the first dirty offset to the active segment) and note each key's
 * latest offset; then rewrite every closed segment, copying each surviving record's bytes unchanged into a
 * batch with the same base offset, base timestamp and last offset delta (so record deltas and the batch's
 * offset range stay as they were), new length, count and CRC. A batch that loses nothing is copied as it is;
 * one that loses everything is dropped. Compressed and control batches are copied whole (the broker does not
 * decompress) and their keys are not seen, so they can leave older values of their keys in place: correctness
 * over completeness.
 *
 * <p>Transactions: only segments wholly below the last stable offset are compacted (an open transaction may still
 * abort), and records of aborted transactions (the {@code .txnindex} entries) never count as a key's latest
 * value, so compaction never drops a committed value in favour of an aborted one; aborted records are kept where
 * they are and read_committed consumers keep skipping them. The aborted-transaction index of a rewritten segment
 * stays valid, as offsets do not change.
 *
 * <p>The swap of a rewritten segment, and what a crash at each step leaves (start-up settles it, see
 * {@link LogLoader#listSegments}):
 * <ol>
 *   <li>the copy is written to {@code <base>.log.cleaned} and fsynced; a crash leaves a {@code .cleaned} file,
 *   which start-up deletes;</li>
 *   <li>it is renamed {@code <base>.log.swap} and the directory fsynced: the commit point, after which start-up
 *   finishes the swap instead of dropping it;</li>
 *   <li>the copy's indexes are built here, on the cleaner thread, as {@code .index.swap} and
 *   {@code .timeindex.swap} (start-up never trusts these and rebuilds instead);</li>
 *   <li>the old segment is pinned: until it is retired its open handle serves every reader, whatever happens to
 *   the files under its names;</li>
 *   <li>the index swaps replace the old index files, the directory is fsynced, then the log swap replaces the old
 *   log file and the directory is fsynced again;</li>
 *   <li>under the segments lock, only the in-memory list changes: the copy takes the old segment's place;</li>
 *   <li>the old segment is retired: readers holding its handle finish on the old files.</li>
 * </ol>
 * If a step before the log file's rename fails, the old segment is unpinned and stays in the list (its index
 * files are dropped, to be rebuilt from the unchanged log file); the pass fails and is retried later. No lock is
 * held across a rename or an fsync, so appends (and their rolls) never wait for a swap. The active segment is
 * never touched. Not thread-safe: one per cleaner thread.
 */
final class LogCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(LogCompactor.class);

    /** Renames a file over another, atomically; tests put a failing or blocking one in its place. */
    @FunctionalInterface
    interface FileMover {
        void move(Path from, Path to) throws IOException;
    }

    private final SegmentBatchReader reader = new SegmentBatchReader();
    private final RecordScanner records = new RecordScanner();
    private final FileMover mover;

    LogCompactor() {
        this((from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
    }

    LogCompactor(FileMover mover) {
        this.mover = mover;
    }

    /**
     * Compacts {@code log}'s closed segments if at least {@code min.cleanable.dirty.ratio} of their bytes are
     * dirty. Returns the new first dirty offset (the active segment's base), or {@code firstDirty} when nothing
     * was done.
     */
    long compact(PartitionLog log, long firstDirty, long nowMs) throws IOException {
        LogConfig cfg = log.config();
        Segment[] segs = log.segmentList().snapshot();
        long stable = log.transactions().lastStableOffset();
        int closed = segs.length - 1;
        while (closed >= 1 && segs[closed].baseOffset() > stable) {
            closed--;
        }
        if (closed < 1) {
            return firstDirty;
        }
        long cleanableEnd = segs[closed].baseOffset();
        long dirtyFrom = Math.max(firstDirty, log.logStartOffset());
        if (dirtyFrom >= cleanableEnd) {
            return firstDirty;
        }
        long total = 0;
        long dirty = 0;
        for (int i = 0; i < closed; i++) {
            if (!segs[i].isFullyFlushed()) {
                return firstDirty;
            }
            total += segs[i].size();
            if (segs[i + 1].baseOffset() > dirtyFrom) {
                dirty += segs[i].size();
            }
        }
        if (total == 0 || (double) dirty / total < cfg.minCleanableDirtyRatio()) {
            return firstDirty;
        }
        Map<Long, List<AbortedTransaction>> aborted = new HashMap<>();
        for (AbortedTransaction t : log.transactions().abortedTransactions(dirtyFrom, cleanableEnd)) {
            aborted.computeIfAbsent(t.producerId(), p -> new ArrayList<>()).add(t);
        }
        Map<ByteBuffer, Long> latest = latestOffsets(segs, closed, dirtyFrom, aborted);
        int rewritten = 0;
        for (int i = 0; i < closed; i++) {
            if (log.isClosed()) {
                return firstDirty;
            }
            if (rewrite(log, segs[i], segs[i + 1].baseOffset(), latest, nowMs, cfg)) {
                rewritten++;
            }
        }
        LOG.info("compacted {}: {} keys in offsets {}..{}, {} of {} closed segments rewritten",
                log.topicPartition(), latest.size(), dirtyFrom, cleanableEnd - 1, rewritten, closed);
        return cleanableEnd;
    }

    private Map<ByteBuffer, Long> latestOffsets(Segment[] segs, int closed, long dirtyFrom,
                                                Map<Long, List<AbortedTransaction>> aborted) throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        for (int i = SegmentList.floorIndex(segs, dirtyFrom); i < closed; i++) {
            SegmentHandle h = pin(segs[i]);
            try {
                reader.reset(h.channel(), segs[i].size());
                while (reader.next()) {
                    RecordBatch b = reader.batch();
                    if (b.isCompressed() || b.isControl() || b.lastOffset() < dirtyFrom
                            || b.isTransactional() && isAborted(aborted, b.producerId(), b.baseOffset())) {
                        continue;
                    }
                    records.reset(b);
                    while (records.next()) {
                        if (records.offset() >= dirtyFrom && records.keyLength() >= 0) {
                            latest.put(keyCopy(b.buffer()), records.offset());
                        }
                    }
                }
            } finally {
                h.release();
            }
        }
        return latest;
    }

    /** Whether the batch of {@code producerId} at {@code offset} belongs to one of its aborted transactions. */
    private static boolean isAborted(Map<Long, List<AbortedTransaction>> aborted, long producerId, long offset) {
        for (AbortedTransaction t : aborted.getOrDefault(producerId, List.of())) {
            if (t.firstOffset() <= offset && offset < t.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    private ByteBuffer keyCopy(ByteBuf buf) {
        byte[] key = new byte[records.keyLength()];
        buf.getBytes(records.keyIndex(), key);
        return ByteBuffer.wrap(key);
    }

    private static SegmentHandle pin(Segment s) throws IOException {
        SegmentHandle h = s.acquirePrepared();
        if (h == null) {
            throw new IOException("segment " + s.logPath() + " went away during compaction");
        }
        return h;
    }

    /** Rewrites one closed segment; returns whether anything changed. */
    private boolean rewrite(PartitionLog log, Segment seg, long offsetLimit, Map<ByteBuffer, Long> latest, long nowMs,
                            LogConfig cfg) throws IOException {
        Path logPath = seg.logPath();
        Path cleaned = logPath.resolveSibling(logPath.getFileName() + LogLoader.CLEANED_SUFFIX);
        long modified = seg.lastModifiedMs();
        boolean changed = false;
        long written = 0;
        ByteBuf kept = Unpooled.buffer();
        ByteBuf rebuilt = Unpooled.buffer();
        SegmentHandle h = pin(seg);
        try (FileChannel out = FileChannel.open(cleaned, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            reader.reset(h.channel(), seg.size());
            while (reader.next()) {
                RecordBatch b = reader.batch();
                if (b.isCompressed() || b.isControl()) {
                    written += write(out, written, b.buffer(), b.offset(), b.sizeInBytes());
                    continue;
                }
                long reference = b.maxTimestamp() >= 0 ? b.maxTimestamp() : modified;
                boolean tombstonesExpired = nowMs - reference > cfg.deleteRetentionMs();
                kept.clear();
                int total = 0;
                int keptCount = 0;
                records.reset(b);
                while (records.next()) {
                    total++;
                    if (survives(b.buffer(), latest, tombstonesExpired)) {
                        kept.writeBytes(b.buffer(), records.recordStart(), records.recordSize());
                        keptCount++;
                    }
                }
                if (keptCount == total) {
                    written += write(out, written, b.buffer(), b.offset(), b.sizeInBytes());
                } else {
                    changed = true;
                    if (keptCount > 0) {
                        rebuilt.clear();
                        rebuilt.writeBytes(b.buffer(), b.offset(), RecordBatch.HEADER_SIZE);
                        rebuilt.writeBytes(kept);
                        rebuilt.setInt(RecordBatch.BATCH_LENGTH_OFFSET,
                                rebuilt.readableBytes() - RecordBatch.LOG_OVERHEAD);
                        rebuilt.setInt(RecordBatch.RECORDS_COUNT_OFFSET, keptCount);
                        new RecordBatch().wrap(rebuilt, 0).updateCrc();
                        written += write(out, written, rebuilt, 0, rebuilt.readableBytes());
                    }
                }
            }
            if (changed) {
                out.force(true);
            }
        } finally {
            h.release();
            kept.release();
            rebuilt.release();
        }
        if (!changed) {
            Files.deleteIfExists(cleaned);
            return false;
        }
        Files.setLastModifiedTime(cleaned, java.nio.file.attribute.FileTime.fromMillis(modified));
        swap(log, seg, cleaned, (int) written, offsetLimit);
        return true;
    }

    /** Replaces closed segment {@code old} by its compacted copy at {@code cleaned} (fsynced): see the class comment. */
    private void swap(PartitionLog log, Segment old, Path cleaned, int size, long offsetLimit) throws IOException {
        Path dir = old.logPath().getParent();
        long base = old.baseOffset();
        Path swapLog = dir.resolve(Segment.fileName(base, Segment.LOG_SUFFIX + LogLoader.SWAP_SUFFIX));
        mover.move(cleaned, swapLog);
        LogFiles.fsyncDirectory(dir);
        Segment copy = Segment.compactedCopy(dir, base, size, offsetLimit, log.config(), log.context());
        try {
            // Build the copy's indexes now, on this thread, so that no reader ever has to.
            pin(copy).release();
            old.pinForSwap();
        } catch (IOException | RuntimeException e) {
            copy.retire();
            deleteQuietly(e, swapLog, copy.files().offsetIndexPath(), copy.files().timeIndexPath());
            throw e;
        }
        IOException unsynced = null;
        try {
            replaceFile(copy.files().offsetIndexPath(), dir.resolve(Segment.fileName(base, Segment.INDEX_SUFFIX)));
            replaceFile(copy.files().timeIndexPath(),
                    dir.resolve(Segment.fileName(base, Segment.TIME_INDEX_SUFFIX)));
            LogFiles.fsyncDirectory(dir);
            mover.move(swapLog, old.logPath());
        } catch (IOException | RuntimeException e) {
            // The old log file is untouched: the old segment stays, and its indexes are rebuilt from it.
            copy.retire();
            deleteQuietly(e, dir.resolve(Segment.fileName(base, Segment.INDEX_SUFFIX)),
                    dir.resolve(Segment.fileName(base, Segment.TIME_INDEX_SUFFIX)), copy.files().offsetIndexPath(),
                    copy.files().timeIndexPath());
            old.unpinAfterFailedSwap();
            throw e;
        }
        copy.swapped();
        try {
            LogFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            // The copy is what the file holds now: publish it all the same, then report.
            unsynced = e;
        }
        if (!log.segmentList().replace(old, copy)) {
            copy.retire();
        }
        old.retire();
        if (unsynced != null) {
            throw unsynced;
        }
    }

    /** Moves {@code from} over {@code to}, or deletes {@code to} when there is no {@code from}. */
    private void replaceFile(Path from, Path to) throws IOException {
        Files.deleteIfExists(to);
        if (Files.exists(from)) {
            mover.move(from, to);
        }
    }

    private static void deleteQuietly(Exception failure, Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private boolean survives(ByteBuf buf, Map<ByteBuffer, Long> latest, boolean tombstonesExpired) {
        if (records.keyLength() < 0) {
            return true;
        }
        Long newest = latest.get(keyCopy(buf));
        if (newest != null && newest > records.offset()) {
            return false;
        }
        return !(records.hasNullValue() && tombstonesExpired);
    }

    private static int write(FileChannel out, long position, ByteBuf buf, int index, int length) throws IOException {
        ByteBuffer nio = buf.nioBuffer(index, length);
        long at = position;
        while (nio.hasRemaining()) {
            at += out.write(nio, at);
        }
        return length;
    }
}
