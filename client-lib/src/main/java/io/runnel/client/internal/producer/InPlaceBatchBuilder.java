package io.runnel.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.runnel.client.Header;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.compression.Compression;
import io.runnel.protocol.types.WireWriter;

import java.util.List;

/**
 * Writes one Kafka RecordBatch v2 (magic 2, CreateTime, not transactional) in place in a buffer of fixed capacity:
 * the 61-byte header is reserved at index 0 and each appended record is encoded straight after it, so nothing of
 * a record is kept but its bytes. {@link #seal} fills in the header (compressing the records when asked, back
 * into the same buffer when they fit) and {@link #stamp} sets the producer id, epoch and base sequence and
 * computes the CRC-32C; it may be called again with other values for a retry.
 *
 * <p>Layout while open: {@code [0, 61)} header, zero until sealed; {@code [61, writerIndex)} the records,
 * uncompressed. After {@link #seal}: {@link #wire()} holds exactly the batch. Not thread-safe: the owner of
 * the batch serialises access.
 */
public final class InPlaceBatchBuilder {
    private final RecordBatch flyweight = new RecordBatch();
    private final ByteBuf buffer;
    private ByteBuf wire;
    private int count;
    private long baseTimestamp;
    private long maxTimestamp;
    private boolean sealed;

    /**
     * Starts a batch in {@code buffer} (its capacity bounds the batch: records that do not fit are refused). The
     * buffer's ownership passes to this builder's owner, who releases it after the batch is done.
     */
    public InPlaceBatchBuilder(ByteBuf buffer) {
        if (buffer.maxCapacity() <= RecordBatch.HEADER_SIZE) {
            throw new IllegalArgumentException("a batch buffer needs more than " + RecordBatch.HEADER_SIZE
                    + " bytes, has " + buffer.maxCapacity());
        }
        this.buffer = buffer;
        this.wire = buffer;
        buffer.clear();
        buffer.writeZero(RecordBatch.HEADER_SIZE);
    }

    /** The encoded size of a record with these parts when it is the first of a batch (its worst case here). */
    public static int recordSizeUpperBound(byte[] key, byte[] value, List<Header> headers) {
        int body = bodySize(Long.MAX_VALUE, Integer.MAX_VALUE, key, value, headers);
        return WireWriter.varintSize(body) + body;
    }

    /** The size of a batch holding just one such record, before compression. */
    public static int batchSizeFor(byte[] key, byte[] value, List<Header> headers) {
        return RecordBatch.HEADER_SIZE + recordSizeUpperBound(key, value, headers);
    }

    /**
     * Appends one record if it fits in the buffer's remaining capacity.
     *
     * @return false, writing nothing, when it does not fit
     * @throws IllegalStateException after {@link #seal}
     */
    public boolean tryAppend(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        if (sealed) {
            throw new IllegalStateException("the batch is sealed; no record can be added");
        }
        long delta = count == 0 ? 0 : timestamp - baseTimestamp;
        int body = bodySize(delta, count, key, value, headers);
        if (buffer.maxWritableBytes() < WireWriter.varintSize(body) + body) {
            return false;
        }
        if (count == 0) {
            baseTimestamp = timestamp;
            maxTimestamp = timestamp;
        } else if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        ByteBuf out = buffer;
        WireWriter.writeVarint(out, body);
        out.writeByte(0); // record attributes: unused in v2
        WireWriter.writeVarlong(out, delta);
        WireWriter.writeVarint(out, count);
        writeBytesField(out, key);
        writeBytesField(out, value);
        int headerCount = headers.size();
        WireWriter.writeVarint(out, headerCount);
        for (int i = 0; i < headerCount; i++) {
            Header header = headers.get(i);
            int keyLength = ByteBufUtil.utf8Bytes(header.key());
            WireWriter.writeVarint(out, keyLength);
            ByteBufUtil.reserveAndWriteUtf8(out, header.key(), keyLength);
            writeBytesField(out, header.value());
        }
        count++;
        return true;
    }

    private static void writeBytesField(ByteBuf out, byte[] bytes) {
        if (bytes == null) {
            WireWriter.writeVarint(out, -1);
        } else {
            WireWriter.writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }
    }

    /** The size of a record's body (everything after its length varint). */
    private static int bodySize(long timestampDelta, int offsetDelta, byte[] key, byte[] value, List<Header> headers) {
        int size = 1 + WireWriter.varlongSize(timestampDelta) + WireWriter.varintSize(offsetDelta)
                + bytesFieldSize(key) + bytesFieldSize(value) + WireWriter.varintSize(headers.size());
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header header = headers.get(i);
            int keyLength = ByteBufUtil.utf8Bytes(header.key());
            size += WireWriter.varintSize(keyLength) + keyLength + bytesFieldSize(header.value());
        }
        return size;
    }

    private static int bytesFieldSize(byte[] bytes) {
        return bytes == null ? WireWriter.varintSize(-1) : WireWriter.varintSize(bytes.length) + bytes.length;
    }

    /** Records appended so far. */
    public int recordCount() {
        return count;
    }

    /** The timestamp of the first record (the batch's base timestamp). */
    public long baseTimestamp() {
        return baseTimestamp;
    }

    /** Bytes used so far, header included, before compression. */
    public int sizeInBytes() {
        return buffer.writerIndex();
    }

    /** Whether {@link #seal} ran. */
    public boolean isSealed() {
        return sealed;
    }

    /**
     * Closes the batch to appends and writes its header. With a codec other than none, the records are compressed
     * (with {@code allocator} for the scratch buffer) and copied back over the uncompressed ones when they fit,
     * which they do unless the data does not compress; otherwise {@link #wire()} becomes a new buffer from
     * {@code allocator}, released by {@link #release()}. The producer fields stay "none" until {@link #stamp}.
     *
     * @throws IllegalStateException when the batch is empty or already sealed
     */
    public void seal(Compression compression, ByteBufAllocator allocator) {
        if (sealed) {
            throw new IllegalStateException("the batch is already sealed");
        }
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        sealed = true;
        if (compression.id() != Compression.NONE_ID) {
            compressRecords(compression, allocator);
        }
        ByteBuf out = wire;
        out.setLong(RecordBatch.BASE_OFFSET_OFFSET, 0L);
        out.setInt(RecordBatch.BATCH_LENGTH_OFFSET, out.writerIndex() - RecordBatch.LOG_OVERHEAD);
        out.setInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        out.setByte(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC_V2);
        out.setShort(RecordBatch.ATTRIBUTES_OFFSET, compression.id() & RecordBatch.COMPRESSION_CODEC_MASK);
        out.setInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, count - 1);
        out.setLong(RecordBatch.BASE_TIMESTAMP_OFFSET, baseTimestamp);
        out.setLong(RecordBatch.MAX_TIMESTAMP_OFFSET, maxTimestamp);
        out.setInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        stamp(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
    }

    private void compressRecords(Compression compression, ByteBufAllocator allocator) {
        int recordsLength = buffer.writerIndex() - RecordBatch.HEADER_SIZE;
        ByteBuf compressed = allocator.heapBuffer(RecordBatch.HEADER_SIZE + recordsLength / 2 + 64);
        try {
            compressed.writeZero(RecordBatch.HEADER_SIZE);
            compression.compress(buffer.slice(RecordBatch.HEADER_SIZE, recordsLength), compressed);
            if (compressed.writerIndex() <= buffer.maxCapacity()) {
                buffer.writerIndex(RecordBatch.HEADER_SIZE);
                buffer.writeBytes(compressed, RecordBatch.HEADER_SIZE, compressed.writerIndex() - RecordBatch.HEADER_SIZE);
            } else {
                wire = compressed;
                compressed = null;
            }
        } finally {
            if (compressed != null) {
                compressed.release();
            }
        }
    }

    /**
     * Sets the idempotence fields ({@code -1, -1, -1} for none) and recomputes the CRC. Allocation-free.
     *
     * @throws IllegalStateException before {@link #seal}
     */
    public void stamp(long producerId, short producerEpoch, int baseSequence) {
        if (!sealed) {
            throw new IllegalStateException("stamp needs a sealed batch");
        }
        wire.setLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        wire.setShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        wire.setInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        flyweight.wrap(wire, 0).updateCrc();
    }

    /**
     * The complete batch, readable from index 0, once sealed: the same buffer the records were written into
     * unless compression grew them. Callers send its readable bytes and must not release it.
     */
    public ByteBuf wire() {
        if (!sealed) {
            throw new IllegalStateException("the batch is not sealed yet");
        }
        return wire;
    }

    /**
     * Releases a separate compressed buffer if one was needed. The buffer given to the constructor is not
     * released here: its owner returns it to the pool it came from.
     */
    public void release() {
        if (wire != buffer && wire.refCnt() > 0) {
            wire.release();
        }
    }

    /** The buffer given to the constructor. */
    public ByteBuf buffer() {
        return buffer;
    }
}
