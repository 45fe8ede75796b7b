package io.runnel.client.internal.consumer;

import io.runnel.client.ConsumerRecord;
import io.runnel.client.Header;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.record.InvalidRecordBatchException;
import io.runnel.protocol.record.RecordBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the records section of one record batch (format v2) into {@link ConsumerRecord}s, reading a
 * {@link ByteBuffer} by absolute index: the polling thread's hot loop. {@link #advance} parses a record's fields
 * into this object (nothing allocated, so records before the fetch position cost no garbage); {@link #record}
 * then makes the only per-record objects: the record, its key and value arrays and, when it has headers, their
 * list.
 *
 * <p>It checks what broker-protocol's {@code RecordReader} checks, with the same error codes: every length within
 * its record, varints of at most 5 (10) bytes, offset deltas rising, exactly {@code recordsCount} records filling
 * the section to its last byte. A violation throws {@link InvalidRecordBatchException} naming the batch, the
 * record's index and the field. Reading a ByteBuffer rather than a Netty buffer matters here: each Netty accessor
 * re-checks the reference count, which cost more than the decoding itself.
 *
 * <p>Record layout: length varint, attributes int8, timestampDelta varlong, offsetDelta varint, keyLength varint
 * (-1 null), key, valueLength varint (-1 null), value, header count varint, then per header keyLength varint, key
 * (UTF-8), valueLength varint (-1 null), value; varints zig-zag encoded. Not thread-safe: the polling thread's.
 */
final class BatchRecordDecoder {
    /** The smallest record: length, attributes, timestampDelta, offsetDelta, key/value lengths, header count. */
    private static final int MIN_RECORD_SIZE = 7;
    private static final List<Header> NO_HEADERS = List.of();

    private final String topic;
    private final int partition;

    private ByteBuffer buf;
    private int position;
    private int limit;
    private int batchIndex;
    private long baseOffset;
    private long baseTimestamp;
    private long logAppendTime;
    private int count;
    private int read;
    private int previousOffsetDelta;

    private long offset;
    private long timestamp;
    private int keyIndex;
    private int keyLength;
    private int valueIndex;
    private int valueLength;
    private int headersIndex;
    private int headerCount;

    BatchRecordDecoder(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /**
     * Starts on a batch whose records (decompressed, if it was compressed) are {@code records[from, to)}.
     *
     * @param batchIndex    where the batch starts in the fetch, for error messages
     * @param logAppendTime the batch's max timestamp when its timestamps are LogAppendTime, else
     *                      {@link RecordBatch#NO_TIMESTAMP}
     * @throws InvalidRecordBatchException when {@code count} records cannot fill {@code to - from} bytes
     */
    void reset(ByteBuffer records, int from, int to, int count, int batchIndex, long baseOffset,
               long baseTimestamp, long logAppendTime) {
        this.buf = records;
        this.position = from;
        this.limit = to;
        this.count = count;
        this.batchIndex = batchIndex;
        this.baseOffset = baseOffset;
        this.baseTimestamp = baseTimestamp;
        this.logAppendTime = logAppendTime;
        this.read = 0;
        this.previousOffsetDelta = -1;
        if (count < 0) {
            throw fail("recordsCount " + count + " is negative");
        }
        if ((long) count * MIN_RECORD_SIZE > to - from) {
            throw fail("recordsCount " + count + " cannot fit in " + (to - from) + " bytes of records");
        }
        if (count == 0 && to > from) {
            throw fail((to - from) + " bytes of records follow a header that declares none");
        }
    }

    boolean hasNext() {
        return buf != null && read < count;
    }

    /** Drops the batch (the buffer it reads may be released after this). */
    void clear() {
        buf = null;
    }

    /**
     * Parses the next record's fields and returns its offset.
     *
     * @throws InvalidRecordBatchException naming the record and the field when it is malformed
     */
    long advance() {
        int start = position;
        int bodyLength = varint(start, limit, "record length");
        int p = position;
        if (bodyLength < MIN_RECORD_SIZE - 1 || bodyLength > limit - p) {
            throw fail("record " + read + ": record length " + bodyLength + " is outside " + (MIN_RECORD_SIZE - 1)
                    + ".." + (limit - p) + " (the bytes that remain)");
        }
        int end = p + bodyLength;
        p++; // attributes: unused in format v2
        long timestampDelta = varlong(p, end, "timestampDelta");
        int offsetDelta = varint(position, end, "offsetDelta");
        keyLength = varint(position, end, "key length");
        keyIndex = skip(keyLength, end, "key");
        valueLength = varint(position, end, "value length");
        valueIndex = skip(valueLength, end, "value");
        headerCount = varint(position, end, "header count");
        if (headerCount < 0 || (long) headerCount * 2 > end - position) {
            throw fail("record " + read + ": header count " + headerCount + " does not fit in the "
                    + Math.max(0, end - position) + " bytes left in the record");
        }
        headersIndex = position;
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = varint(position, end, "header key length");
            if (headerKeyLength < 0) {
                throw fail("record " + read + ": header " + i + " has key length " + headerKeyLength);
            }
            skip(headerKeyLength, end, "header key");
            skip(varint(position, end, "header value length"), end, "header value");
        }
        if (position != end) {
            throw fail("record " + read + ": record length " + bodyLength + " does not match its fields, which take "
                    + (position - (end - bodyLength)) + " bytes");
        }
        if (offsetDelta <= previousOffsetDelta) {
            throw fail("record " + read + " has offsetDelta " + offsetDelta + ", not above the previous record's "
                    + previousOffsetDelta);
        }
        previousOffsetDelta = offsetDelta;
        read++;
        if (read == count && position != limit) {
            throw fail((limit - position) + " bytes remain after the " + count + " records the batch declares");
        }
        offset = baseOffset + offsetDelta;
        timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : baseTimestamp + timestampDelta;
        return offset;
    }

    /** The record {@link #advance} parsed last, with its own copies of key, value and headers. */
    ConsumerRecord record() {
        List<Header> headers = NO_HEADERS;
        if (headerCount > 0) {
            int next = position;
            Header[] array = new Header[headerCount];
            position = headersIndex;
            for (int i = 0; i < headerCount; i++) {
                int keyLen = varint(position, limit, "header key length");
                byte[] key = copy(position, keyLen);
                position += keyLen;
                int valueLen = varint(position, limit, "header value length");
                byte[] value = copy(position, valueLen);
                position += Math.max(0, valueLen);
                array[i] = new Header(new String(key, StandardCharsets.UTF_8), value);
            }
            position = next;
            headers = List.of(array);
        }
        return new ConsumerRecord(topic, partition, offset, timestamp, logAppendTime != RecordBatch.NO_TIMESTAMP,
                copy(keyIndex, keyLength), copy(valueIndex, valueLength), headers);
    }

    private byte[] copy(int index, int length) {
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buf.get(index, bytes, 0, length);
        return bytes;
    }

    /** Skips a field of {@code length} bytes (-1 = null) that must end by {@code end}; returns its index. */
    private int skip(int length, int end, String what) {
        int index = position;
        if (length < -1 || length > end - index) {
            throw fail("record " + read + ": " + what + " length " + length + " does not fit in the "
                    + Math.max(0, end - index) + " bytes left in the record");
        }
        if (length > 0) {
            position = index + length;
        }
        return index;
    }

    /** A zig-zag varint of at most 5 bytes at {@code p}, before {@code end}; moves the position past it. */
    private int varint(int p, int end, String what) {
        if (p >= end) {
            throw cutOff(what, 0);
        }
        byte b = buf.get(p++);
        int raw;
        if (b >= 0) {
            raw = b;
        } else {
            raw = b & 0x7f;
            for (int shift = 7; ; shift += 7) {
                if (p >= end) {
                    throw cutOff(what, shift / 7);
                }
                b = buf.get(p++);
                if (shift == 28 && (b & 0xf0) != 0) {
                    throw fail("record " + read + ": " + what + " varint overflows 32 bits");
                }
                raw |= (b & 0x7f) << shift;
                if (b >= 0) {
                    break;
                }
            }
        }
        position = p;
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A zig-zag varlong of at most 10 bytes at {@code p}, before {@code end}; moves the position past it. */
    private long varlong(int p, int end, String what) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end) {
                throw cutOff(what, shift / 7);
            }
            byte b = buf.get(p++);
            if (shift == 63 && (b & 0xfe) != 0) {
                throw fail("record " + read + ": " + what + " varlong overflows 64 bits");
            }
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
        }
        position = p;
        return (raw >>> 1) ^ -(raw & 1);
    }

    private InvalidRecordBatchException cutOff(String what, int bytes) {
        return fail("record " + read + ": " + what + " is cut off after " + bytes + " bytes");
    }

    private InvalidRecordBatchException fail(String problem) {
        buf = null;
        return new InvalidRecordBatchException(ErrorCode.INVALID_RECORD, "record batch at index " + batchIndex
                + " (baseOffset " + baseOffset + "): " + problem);
    }
}
