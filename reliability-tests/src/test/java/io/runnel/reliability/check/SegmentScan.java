package io.runnel.reliability.check;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordBatchValidator;

import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a partition's segment files straight from a stopped broker's data directory — {@code <topic>-<partition>/
 * <20-digit base offset>.log}, whole Kafka v2 record batches back to back — and checks what was appended: every
 * batch passes {@link RecordBatchValidator} (length, magic, CRC-32C, record structure) and, as a second opinion,
 * kafka-clients' own batch check and record parser; offsets are dense across
 * batches and segments, and each segment's name is its first batch's base offset. Only the on-disk format is
 * assumed, not the broker's storage classes, so the check holds whatever the log package looks like inside.
 * For topics that are not compacted; run it on a directory no broker has open, after a clean stop or a recovery.
 */
public final class SegmentScan {
    /**
     * What one partition's files hold. {@code unreadableCompressed} counts compressed batches whose records
     * kafka-clients cannot read although header and CRC are intact: the broker checks compressed batches by header
     * and CRC only (docs/reliability.md, "Not promised"), so this is a figure to report, not a failure.
     */
    public record Extent(long startOffset, long endOffset, int batches, int segments, int unreadableCompressed) {
        public long records() {
            return endOffset - startOffset;
        }
    }

    private SegmentScan() {
    }

    /** Scans {@code dataDir/<topic>-<partition>}; fails with the file and position of the first problem. */
    public static Extent scan(Path dataDir, String topic, int partition) throws IOException {
        Path dir = dataDir.resolve(topic + "-" + partition);
        List<Path> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().forEach(segments::add);
        }
        RecordBatchValidator validator = new RecordBatchValidator();
        RecordBatch batch = new RecordBatch();
        long start = -1;
        long next = -1;
        int batches = 0;
        int unreadableCompressed = 0;
        for (Path segment : segments) {
            long named = Long.parseLong(segment.getFileName().toString().replace(".log", ""));
            byte[] content = Files.readAllBytes(segment);
            ByteBuf bytes = Unpooled.wrappedBuffer(content);
            int position = 0;
            try {
                while (position < bytes.writerIndex()) {
                    int size;
                    try {
                        size = validator.validateBatch(bytes, position, bytes.writerIndex());
                    } catch (InvalidRecordBatchException e) {
                        throw new AssertionError(segment + " at byte " + position + ": " + e.getMessage(), e);
                    }
                    batch.wrap(bytes, position);
                    if (position == 0 && batch.baseOffset() != named) {
                        throw new AssertionError(segment + " starts with base offset " + batch.baseOffset());
                    }
                    if (start < 0) {
                        start = batch.baseOffset();
                        next = start;
                    }
                    if (batch.baseOffset() != next) {
                        throw new AssertionError(segment + " at byte " + position + ": base offset "
                                + batch.baseOffset() + " where " + next + " was next (offsets not dense)");
                    }
                    next = batch.nextOffset();
                    batches++;
                    position += size;
                }
            } finally {
                bytes.release();
            }
            unreadableCompressed += kafkaAgrees(segment, content);
        }
        return new Extent(Math.max(start, 0), Math.max(next, 0), batches, segments.size(), unreadableCompressed);
    }

    /** Reads every batch with kafka-clients; returns how many compressed batches it could not read. */
    private static int kafkaAgrees(Path segment, byte[] content) {
        int unreadableCompressed = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(content)).batches()) {
            try {
                batch.ensureValid();
                int records = 0;
                for (Record record : batch) {
                    record.ensureValid();
                    records++;
                }
                if (records != batch.countOrNull()) {
                    throw new AssertionError(segment + ": kafka-clients read " + records + " records from batch "
                            + batch.baseOffset() + " that declares " + batch.countOrNull());
                }
            } catch (RuntimeException e) {
                if (batch.compressionType() == CompressionType.NONE) {
                    throw new AssertionError(segment + ": kafka-clients rejects batch " + batch.baseOffset()
                            + ", which Runnel's validator accepted: " + e, e);
                }
                unreadableCompressed++;
            }
        }
        return unreadableCompressed;
    }
}
