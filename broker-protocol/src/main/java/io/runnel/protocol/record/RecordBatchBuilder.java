package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.runnel.protocol.record.compression.Compression;
import io.runnel.protocol.types.WireWriter;

/**
 * Builds one record batch (magic 2, CreateTime; transactional or a control batch when asked) on the client or for
 * the broker's own writes: append records, then
 * {@link #writeTo} writes the complete batch, compressed if asked, with its CRC-32C. The records are encoded as they
 * are appended into a buffer from the allocator; {@link #close()} releases it. {@link #reset()} starts the next
 * batch with the same settings. Not thread-safe.
 */
public final class RecordBatchBuilder implements AutoCloseable {
    private final ByteBuf records;
    private final RecordBatch written = new RecordBatch();
    private Compression compression = Compression.none();
    private long baseOffset;
    private int partitionLeaderEpoch = RecordBatch.NO_PARTITION_LEADER_EPOCH;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    private boolean transactional;
    private boolean control;
    private int count;
    private long baseTimestamp;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;

    public RecordBatchBuilder(ByteBufAllocator allocator) {
        this.records = allocator.buffer(1024);
    }

    public RecordBatchBuilder compression(Compression compression) {
        this.compression = compression;
        return this;
    }

    /** The base offset written into the header; producers leave it 0 and the broker assigns the real one. */
    public RecordBatchBuilder baseOffset(long baseOffset) {
        this.baseOffset = baseOffset;
        return this;
    }

    public RecordBatchBuilder partitionLeaderEpoch(int partitionLeaderEpoch) {
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        return this;
    }

    /** Idempotent producer state: id and epoch from InitProducerId, and this batch's first sequence number. */
    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    /** Marks the batch as part of a transaction (attribute bit 4); it needs a producer id. */
    public RecordBatchBuilder transactional(boolean transactional) {
        this.transactional = transactional;
        return this;
    }

    /** Marks the batch as a control batch (attribute bit 5): a transaction marker the broker writes. */
    public RecordBatchBuilder control(boolean control) {
        this.control = control;
        return this;
    }

    /** Appends a record with byte-array key and value (either may be null). */
    public RecordBatchBuilder append(long timestamp, byte[] key, byte[] value, RecordHeader... headers) {
        int keyLength = key == null ? -1 : key.length;
        int valueLength = value == null ? -1 : value.length;
        writeRecordStart(timestamp, keyLength, valueLength, headers);
        if (key != null) {
            records.writeBytes(key);
        }
        WireWriter.writeVarint(records, valueLength);
        if (value != null) {
            records.writeBytes(value);
        }
        writeHeaders(headers);
        return this;
    }

    /**
     * Appends a record whose key and value are the readable bytes of the given buffers (either may be null);
     * their reader indexes do not move and they are not released.
     */
    public RecordBatchBuilder append(long timestamp, ByteBuf key, ByteBuf value, RecordHeader... headers) {
        int keyLength = key == null ? -1 : key.readableBytes();
        int valueLength = value == null ? -1 : value.readableBytes();
        writeRecordStart(timestamp, keyLength, valueLength, headers);
        if (key != null) {
            records.writeBytes(key, key.readerIndex(), keyLength);
        }
        WireWriter.writeVarint(records, valueLength);
        if (value != null) {
            records.writeBytes(value, value.readerIndex(), valueLength);
        }
        writeHeaders(headers);
        return this;
    }

    /** Writes the length, attributes, timestamp and offset deltas and the key length of the next record. */
    private void writeRecordStart(long timestamp, int keyLength, int valueLength, RecordHeader[] headers) {
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int bodySize = 1 + WireWriter.varlongSize(timestampDelta) + WireWriter.varintSize(count)
                + WireWriter.varintSize(keyLength) + Math.max(0, keyLength)
                + WireWriter.varintSize(valueLength) + Math.max(0, valueLength)
                + WireWriter.varintSize(headers.length);
        for (RecordHeader header : headers) {
            int headerKeyLength = ByteBufUtil.utf8Bytes(header.key());
            int headerValueLength = header.value() == null ? -1 : header.value().length;
            bodySize += WireWriter.varintSize(headerKeyLength) + headerKeyLength
                    + WireWriter.varintSize(headerValueLength) + Math.max(0, headerValueLength);
        }
        WireWriter.writeVarint(records, bodySize);
        records.writeByte(0);
        WireWriter.writeVarlong(records, timestampDelta);
        WireWriter.writeVarint(records, count);
        WireWriter.writeVarint(records, keyLength);
        maxTimestamp = count == 0 ? timestamp : Math.max(maxTimestamp, timestamp);
        count++;
    }

    private void writeHeaders(RecordHeader[] headers) {
        WireWriter.writeVarint(records, headers.length);
        for (RecordHeader header : headers) {
            int keyLength = ByteBufUtil.utf8Bytes(header.key());
            WireWriter.writeVarint(records, keyLength);
            ByteBufUtil.reserveAndWriteUtf8(records, header.key(), keyLength);
            byte[] value = header.value();
            WireWriter.writeVarint(records, value == null ? -1 : value.length);
            if (value != null) {
                records.writeBytes(value);
            }
        }
    }

    /** Records appended since construction or the last {@link #reset()}. */
    public int recordCount() {
        return count;
    }

    /** The size of the batch if written uncompressed: an upper bound for producers filling a batch. */
    public int uncompressedSizeInBytes() {
        return RecordBatch.HEADER_SIZE + records.readableBytes();
    }

    /**
     * Writes the complete batch at {@code out}'s writer index and advances it.
     *
     * @return the number of bytes written
     * @throws IllegalStateException when no record was appended (Kafka has no empty client batches)
     */
    public int writeTo(ByteBuf out) {
        if (count == 0) {
            throw new IllegalStateException("a record batch needs at least one record");
        }
        int start = out.writerIndex();
        out.writeLong(baseOffset);
        out.writeInt(0); // batchLength, known once the records are written
        out.writeInt(partitionLeaderEpoch);
        out.writeByte(RecordBatch.MAGIC_V2);
        out.writeInt(0); // CRC, computed last
        out.writeShort((compression.id() & RecordBatch.COMPRESSION_CODEC_MASK)
                | (transactional ? RecordBatch.TRANSACTIONAL_FLAG_MASK : 0)
                | (control ? RecordBatch.CONTROL_FLAG_MASK : 0));
        out.writeInt(count - 1);
        out.writeLong(baseTimestamp);
        out.writeLong(maxTimestamp);
        out.writeLong(producerId);
        out.writeShort(producerEpoch);
        out.writeInt(baseSequence);
        out.writeInt(count);
        compression.compress(records, out);
        int size = out.writerIndex() - start;
        out.setInt(start + RecordBatch.BATCH_LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        written.wrap(out, start).updateCrc();
        return size;
    }

    /** Forgets the appended records; settings (compression, producer state) stay. */
    public RecordBatchBuilder reset() {
        records.clear();
        count = 0;
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        return this;
    }

    @Override
    public void close() {
        if (records.refCnt() > 0) {
            records.release();
        }
    }
}
