package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.MalformedMessageException;

import java.util.zip.CRC32C;

/**
 * A reusable flyweight over one Kafka RecordBatch (magic 2) that lives in a {@link ByteBuf}: every accessor reads
 * the header field in place at an absolute index, nothing is copied and the buffer's reader/writer indexes are
 * never moved. {@link #wrap} points the instance at another batch. The buffer must be big-endian (Netty's
 * default).
 *
 * <p>{@link #wrap} only checks that the 61-byte header is present; a batch from the network or from disk must
 * pass {@link RecordBatchValidator} before the other fields (lengths, counts, CRC) are trusted. One instance is
 * not thread-safe: it holds a CRC-32C state and a scratch array so that {@link #computeCrc()} never allocates.
 *
 * <p>Layout (offsets from the batch start, all big-endian):
 * <pre>
 *  0 baseOffset int64          8 batchLength int32       12 partitionLeaderEpoch int32   16 magic int8
 * 17 crc uint32 (CRC-32C of bytes 21..end)               21 attributes int16          23 lastOffsetDelta int32
 * 27 baseTimestamp int64      35 maxTimestamp int64      43 producerId int64          51 producerEpoch int16
 * 53 baseSequence int32       57 recordsCount int32      61 records...
 * </pre>
 */
public final class RecordBatch {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BATCH_LENGTH_OFFSET = 8;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORDS_COUNT_OFFSET = 57;
    public static final int RECORDS_OFFSET = 61;

    /** Bytes before the part that batchLength counts: baseOffset and batchLength themselves. */
    public static final int LOG_OVERHEAD = 12;
    /** Size of the batch header, i.e. of a batch with no records. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;
    /** The smallest legal batchLength: a header with no records. */
    public static final int MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;

    /** The only magic value (record format version) Runnel accepts. */
    public static final byte MAGIC_V2 = 2;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    /** producerId, producerEpoch and baseSequence of a batch from a producer without idempotence. */
    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private static final int SCRATCH_SIZE = 8192;

    private final CRC32C crc32c = new CRC32C();
    private byte[] scratch;
    private ByteBuf buf;
    private int offset;

    /**
     * Points this instance at the batch that starts at absolute index {@code offset} of {@code buf}.
     *
     * @throws MalformedMessageException when the 61-byte header does not fit between {@code offset} and the
     *                                   buffer's writer index
     */
    public RecordBatch wrap(ByteBuf buf, int offset) {
        if (offset < 0 || (long) offset + HEADER_SIZE > buf.writerIndex()) {
            throw new MalformedMessageException("record batch header at index " + offset + " needs " + HEADER_SIZE
                    + " bytes but the buffer holds " + Math.max(0, buf.writerIndex() - Math.max(0, offset)));
        }
        this.buf = buf;
        this.offset = offset;
        return this;
    }

    /**
     * The total size (batchLength + 12) the batch starting at {@code offset} claims, read from its first 12 bytes
     * without an instance; use it to walk concatenated batches. Returns -1 when fewer than 12 bytes remain before
     * the writer index (an incomplete tail). The claimed size may still run past the end of the buffer.
     *
     * @throws MalformedMessageException when batchLength is smaller than an empty batch or so large that the
     *                                   size overflows an int: such a prefix is corrupt, not incomplete
     */
    public static int sizeAt(ByteBuf buf, int offset) {
        if (offset < 0 || (long) offset + LOG_OVERHEAD > buf.writerIndex()) {
            return -1;
        }
        int batchLength = buf.getInt(offset + BATCH_LENGTH_OFFSET);
        if (batchLength < MIN_BATCH_LENGTH || batchLength > Integer.MAX_VALUE - LOG_OVERHEAD) {
            throw new MalformedMessageException("record batch at index " + offset + " has batchLength "
                    + batchLength + ", outside " + MIN_BATCH_LENGTH + ".." + (Integer.MAX_VALUE - LOG_OVERHEAD));
        }
        return batchLength + LOG_OVERHEAD;
    }

    /** The buffer this instance currently reads. */
    public ByteBuf buffer() {
        return buf;
    }

    /** Absolute index of the batch's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    public long baseOffset() {
        return buf.getLong(offset + BASE_OFFSET_OFFSET);
    }

    public int batchLength() {
        return buf.getInt(offset + BATCH_LENGTH_OFFSET);
    }

    /** batchLength + 12: the bytes this batch occupies in a log or a records field. */
    public int sizeInBytes() {
        return batchLength() + LOG_OVERHEAD;
    }

    public int partitionLeaderEpoch() {
        return buf.getInt(offset + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buf.getByte(offset + MAGIC_OFFSET);
    }

    /** The stored CRC-32C as an unsigned 32-bit value. */
    public long crc() {
        return buf.getUnsignedInt(offset + CRC_OFFSET);
    }

    public short attributes() {
        return buf.getShort(offset + ATTRIBUTES_OFFSET);
    }

    public int lastOffsetDelta() {
        return buf.getInt(offset + LAST_OFFSET_DELTA_OFFSET);
    }

    /**
     * The first record's timestamp, or the delete horizon when {@link #hasDeleteHorizon()} (set by compaction).
     */
    public long baseTimestamp() {
        return buf.getLong(offset + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buf.getLong(offset + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buf.getLong(offset + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buf.getShort(offset + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buf.getInt(offset + BASE_SEQUENCE_OFFSET);
    }

    /**
     * The sequence of the batch's last record: baseSequence + lastOffsetDelta, wrapping past Integer.MAX_VALUE to
     * 0 as producers do; {@link #NO_SEQUENCE} when the batch has none.
     */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        int delta = lastOffsetDelta();
        if (base > Integer.MAX_VALUE - delta) {
            return delta - (Integer.MAX_VALUE - base) - 1;
        }
        return base + delta;
    }

    public int recordsCount() {
        return buf.getInt(offset + RECORDS_COUNT_OFFSET);
    }

    /** baseOffset + lastOffsetDelta. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset the next batch in the partition starts at: lastOffset + 1. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    /** Compression codec id from attribute bits 0-2: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    public int compressionId() {
        return attributes() & COMPRESSION_CODEC_MASK;
    }

    public boolean isCompressed() {
        return compressionId() != 0;
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    /** Attribute bit 6: baseTimestamp holds the delete horizon of a compacted batch. */
    public boolean hasDeleteHorizon() {
        return (attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
    }

    /** Whether the batch comes from an idempotent or transactional producer (producerId is 0 or more). */
    public boolean hasProducerId() {
        return producerId() > NO_PRODUCER_ID;
    }

    /** Writes the base offset, which the CRC does not cover: the CRC stays valid. */
    public void setBaseOffset(long baseOffset) {
        buf.setLong(offset + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Writes the partition leader epoch, which the CRC does not cover. */
    public void setPartitionLeaderEpoch(int epoch) {
        buf.setInt(offset + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Stamps the batch with the broker's append time: sets maxTimestamp to {@code timestamp} and the timestamp
     * type bit to LogAppendTime, then recomputes and writes the CRC, since both fields are inside it. The whole
     * batch must be in the buffer.
     */
    public void setLogAppendTime(long timestamp) {
        buf.setLong(offset + MAX_TIMESTAMP_OFFSET, timestamp);
        buf.setShort(offset + ATTRIBUTES_OFFSET, attributes() | TIMESTAMP_TYPE_MASK);
        updateCrc();
    }

    /** Recomputes the CRC over the batch's current bytes and stores it. The whole batch must be in the buffer. */
    public void updateCrc() {
        buf.setInt(offset + CRC_OFFSET, (int) computeCrc());
    }

    /**
     * The CRC-32C of bytes attributes..end of the batch, as an unsigned 32-bit value. Allocation-free.
     *
     * @throws MalformedMessageException when batchLength is below an empty batch or runs past the writer index
     */
    public long computeCrc() {
        int batchLength = requireWholeBatch();
        int from = offset + ATTRIBUTES_OFFSET;
        int length = LOG_OVERHEAD + batchLength - ATTRIBUTES_OFFSET;
        crc32c.reset();
        if (buf.hasArray()) {
            crc32c.update(buf.array(), buf.arrayOffset() + from, length);
        } else {
            // Direct and composite buffers: copy through a reused scratch array instead of allocating NIO views.
            if (scratch == null) {
                scratch = new byte[SCRATCH_SIZE];
            }
            while (length > 0) {
                int chunk = Math.min(length, SCRATCH_SIZE);
                buf.getBytes(from, scratch, 0, chunk);
                crc32c.update(scratch, 0, chunk);
                from += chunk;
                length -= chunk;
            }
        }
        return crc32c.getValue();
    }

    /** Whether the stored CRC equals the one computed over the batch's bytes. */
    public boolean isCrcValid() {
        return crc() == computeCrc();
    }

    /**
     * A slice of the whole batch (offset .. offset + sizeInBytes), sharing memory and reference count with the
     * buffer; the caller retains it if it outlives the buffer.
     */
    public ByteBuf slice() {
        return buf.slice(offset, requireWholeBatch() + LOG_OVERHEAD);
    }

    /** The batchLength, after checking it is at least an empty batch and ends within the writer index. */
    private int requireWholeBatch() {
        int batchLength = batchLength();
        if (batchLength < MIN_BATCH_LENGTH || (long) offset + LOG_OVERHEAD + batchLength > buf.writerIndex()) {
            throw new MalformedMessageException("record batch at index " + offset + " has batchLength "
                    + batchLength + " but the buffer holds " + (buf.writerIndex() - offset - LOG_OVERHEAD)
                    + " bytes after the length field");
        }
        return batchLength;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RecordBatch(unwrapped)";
        }
        return "RecordBatch(index=" + offset + ", baseOffset=" + baseOffset() + ", lastOffsetDelta="
                + lastOffsetDelta() + ", batchLength=" + batchLength() + ", magic=" + magic() + ", attributes=0x"
                + Integer.toHexString(attributes() & 0xffff) + ", recordsCount=" + recordsCount() + ")";
    }
}
