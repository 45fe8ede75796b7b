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
import java.util.HashMap;
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
 * <p>A rewritten segment is written to {@code <base>.log.cleaned}, fsynced, renamed to {@code .log.swap} (the
 * commit point: a crash after it finishes the swap at start-up, before it throws the copy away), then renamed
 * over the original. The active segment is never touched. Not thread-safe: one per cleaner thread.
 */
final class LogCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(LogCompactor.class);

    private final SegmentBatchReader reader = new SegmentBatchReader();
    private final RecordScanner records = new RecordScanner();

    /**
     * Compacts {@code log}'s closed segments if at least {@code min.cleanable.dirty.ratio} of their bytes are
     * dirty. Returns the new first dirty offset (the active segment's base), or {@code firstDirty} when nothing
     * was done.
     */
    long compact(PartitionLog log, long firstDirty, long nowMs) throws IOException {
        LogConfig cfg = log.config();
        Segment[] segs = log.segments();
        int closed = segs.length - 1;
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
        Map<ByteBuffer, Long> latest = latestOffsets(segs, closed, dirtyFrom);
        int rewritten = 0;
        for (int i = 0; i < closed; i++) {
            if (log.isClosed()) {
                return firstDirty;
            }
            if (rewrite(log, segs[i], latest, nowMs, cfg)) {
                rewritten++;
            }
        }
        LOG.info("compacted {}: {} keys in offsets {}..{}, {} of {} closed segments rewritten",
                log.topicPartition(), latest.size(), dirtyFrom, cleanableEnd - 1, rewritten, closed);
        return cleanableEnd;
    }

    private Map<ByteBuffer, Long> latestOffsets(Segment[] segs, int closed, long dirtyFrom) throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        for (int i = LogReads.floorIndex(segs, dirtyFrom); i < closed; i++) {
            SegmentHandle h = pin(segs[i]);
            try {
                reader.reset(h.channel(), segs[i].size());
                while (reader.next()) {
                    RecordBatch b = reader.batch();
                    if (b.isCompressed() || b.isControl() || b.lastOffset() < dirtyFrom) {
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

    private ByteBuffer keyCopy(ByteBuf buf) {
        byte[] key = new byte[records.keyLength()];
        buf.getBytes(records.keyIndex(), key);
        return ByteBuffer.wrap(key);
    }

    private static SegmentHandle pin(Segment s) throws IOException {
        SegmentHandle h = s.acquire();
        if (h == null) {
            throw new IOException("segment " + s.logPath() + " went away during compaction");
        }
        return h;
    }

    /** Rewrites one closed segment; returns whether anything changed. */
    private boolean rewrite(PartitionLog log, Segment seg, Map<ByteBuffer, Long> latest, long nowMs, LogConfig cfg)
            throws IOException {
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
        Path swap = logPath.resolveSibling(logPath.getFileName() + LogLoader.SWAP_SUFFIX);
        Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LogFiles.fsyncDirectory(logPath.getParent());
        swapIn(log, seg, swap, (int) written);
        return true;
    }

    /**
     * Replaces closed segment {@code old} by its compacted copy at {@code swapFile} (fsynced and named
     * {@code .log.swap}: the commit point): the old segment closes, the copy is renamed over its file, and a new
     * segment, whose indexes are rebuilt on first use, takes its place. Readers holding the old segment's
     * handle finish on the old file. If the old segment is gone (the log was closed) the copy is discarded.
     */
    private static void swapIn(PartitionLog log, Segment old, Path swapFile, int newSize) throws IOException {
        synchronized (log.segmentsLock()) {
            Segment[] cur = log.segments();
            int at = -1;
            for (int i = 0; i < cur.length - 1; i++) {
                if (cur[i] == old) {
                    at = i;
                }
            }
            if (at < 0 || log.isClosed()) {
                Files.deleteIfExists(swapFile);
                return;
            }
            old.retire();
            Path dir = old.logPath().getParent();
            Files.deleteIfExists(dir.resolve(Segment.fileName(old.baseOffset(), Segment.INDEX_SUFFIX)));
            Files.deleteIfExists(dir.resolve(Segment.fileName(old.baseOffset(), Segment.TIME_INDEX_SUFFIX)));
            Files.move(swapFile, old.logPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LogFiles.fsyncDirectory(dir);
            Segment[] copy = cur.clone();
            copy[at] = Segment.load(dir, old.baseOffset(), newSize, log.config(), log.context().cache(), false,
                    cur[at + 1].baseOffset(), true);
            log.replaceSegments(cur, copy);
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
