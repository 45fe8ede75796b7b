package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.TimestampType;
import io.runnel.protocol.types.WireReader;

/**
 * Walks the records of one uncompressed batch read back from the log, giving each record's byte range, offset,
 * timestamp, key and whether its value is null. Unlike a producer's batch, a compacted batch has gaps in its
 * offset deltas, so deltas here need only increase. Not thread-safe; reusable.
 */
final class RecordScanner {
    private ByteBuf cursor;
    private int end;
    private int left;
    private long baseOffset;
    private long baseTimestamp;
    private long logAppendTime;
    private int lastDelta;

    private int recordStart;
    private int recordSize;
    private long offset;
    private long timestamp;
    private int keyIndex;
    private int keyLength;
    private int valueLength;

    /** Starts on {@code batch}, which must be whole in its buffer and uncompressed. */
    RecordScanner reset(RecordBatch batch) {
        if (batch.isCompressed()) {
            throw new IllegalArgumentException("record scanner cannot read compressed " + batch);
        }
        ByteBuf buf = batch.buffer();
        int start = batch.offset() + RecordBatch.RECORDS_OFFSET;
        end = batch.offset() + batch.sizeInBytes();
        cursor = buf.duplicate().setIndex(start, end);
        left = batch.recordsCount();
        baseOffset = batch.baseOffset();
        baseTimestamp = batch.baseTimestamp();
        logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp()
                : RecordBatch.NO_TIMESTAMP;
        lastDelta = -1;
        return this;
    }

    /**
     * Moves to the next record; false after the last.
     *
     * @throws MalformedMessageException when a record does not parse or its offset delta does not increase
     */
    boolean next() {
        if (left == 0) {
            return false;
        }
        recordStart = cursor.readerIndex();
        int bodyLength = WireReader.readVarint(cursor);
        int bodyStart = cursor.readerIndex();
        if (bodyLength < 6 || bodyLength > end - bodyStart) {
            throw new MalformedMessageException("record at index " + recordStart + " has length " + bodyLength
                    + " outside 6.." + (end - bodyStart));
        }
        cursor.skipBytes(1); // attributes
        long timestampDelta = WireReader.readVarlong(cursor);
        int delta = WireReader.readVarint(cursor);
        if (delta <= lastDelta) {
            throw new MalformedMessageException("record at index " + recordStart + " has offset delta " + delta
                    + " after " + lastDelta);
        }
        lastDelta = delta;
        keyLength = WireReader.readVarint(cursor);
        keyIndex = cursor.readerIndex();
        if (keyLength > 0) {
            cursor.skipBytes(keyLength);
        }
        valueLength = WireReader.readVarint(cursor);
        cursor.readerIndex(bodyStart + bodyLength);
        recordSize = bodyStart + bodyLength - recordStart;
        offset = baseOffset + delta;
        timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : baseTimestamp + timestampDelta;
        left--;
        return true;
    }

    /** Index of the record's first byte (its length prefix) in the batch's buffer. */
    int recordStart() {
        return recordStart;
    }

    /** Bytes of the record, length prefix included. */
    int recordSize() {
        return recordSize;
    }

    long offset() {
        return offset;
    }

    long timestamp() {
        return timestamp;
    }

    /** -1 for a null key. */
    int keyLength() {
        return keyLength;
    }

    int keyIndex() {
        return keyIndex;
    }

    boolean hasNullValue() {
        return valueLength < 0;
    }
}
