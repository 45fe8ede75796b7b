package io.runnel.protocol.record;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.types.WireReader;

import java.nio.charset.StandardCharsets;

/**
 * A reusable view of one record inside a batch (record format v2), filled by {@link RecordReader}. Keys, values
 * and header fields are slices of the bytes being iterated, valid until the reader moves to another batch or is
 * closed; retain or copy them to keep them longer. Reading the fixed fields allocates nothing.
 *
 * <p>Record layout: length varint, attributes int8, timestampDelta varlong, offsetDelta varint, keyLength varint
 * (-1 null), key, valueLength varint (-1 null), value, header count varint, then per header keyLength varint,
 * key (UTF-8), valueLength varint (-1 null), value. Varints are zig-zag encoded.
 */
public final class RecordView {
    /** The smallest record body: attributes, timestampDelta, offsetDelta, key/value lengths, header count. */
    static final int MIN_BODY_SIZE = 6;
    /** The smallest record including its length prefix. */
    static final int MIN_RECORD_SIZE = MIN_BODY_SIZE + 1;
    private static final int MIN_HEADER_SIZE = 2;

    private ByteBuf buf;
    private int sizeInBytes;
    private byte attributes;
    private long timestampDelta;
    private long timestamp;
    private int offsetDelta;
    private long offset;
    private int keyIndex;
    private int keyLength;
    private int valueIndex;
    private int valueLength;
    private int headerCount;
    /** Per header: key index, key length, value index, value length. Grows only, so reuse allocates nothing. */
    private int[] headers = new int[4 * 4];

    /**
     * Parses the record at {@code cursor}'s reader index and advances past it.
     *
     * @param logAppendTime the batch's max timestamp when it has LogAppendTime, which then is every record's
     *                      timestamp; {@link RecordBatch#NO_TIMESTAMP} for CreateTime
     * @throws MalformedMessageException naming the field when the record is cut short or inconsistent
     */
    void readFrom(ByteBuf cursor, long baseOffset, long baseTimestamp, long logAppendTime) {
        int start = cursor.readerIndex();
        int bodyLength = WireReader.readVarint(cursor);
        if (bodyLength < MIN_BODY_SIZE || bodyLength > cursor.readableBytes()) {
            throw new MalformedMessageException("record length " + bodyLength + " is outside " + MIN_BODY_SIZE
                    + ".." + cursor.readableBytes() + " (the bytes that remain)");
        }
        int end = cursor.readerIndex() + bodyLength;
        attributes = WireReader.readInt8(cursor);
        timestampDelta = WireReader.readVarlong(cursor);
        offsetDelta = WireReader.readVarint(cursor);
        keyLength = WireReader.readVarint(cursor);
        keyIndex = skipNullable(cursor, keyLength, end, "key");
        valueLength = WireReader.readVarint(cursor);
        valueIndex = skipNullable(cursor, valueLength, end, "value");
        headerCount = WireReader.readVarint(cursor);
        if (headerCount < 0 || (long) headerCount * MIN_HEADER_SIZE > end - cursor.readerIndex()) {
            throw new MalformedMessageException("header count " + headerCount + " does not fit in the "
                    + Math.max(0, end - cursor.readerIndex()) + " bytes left in the record");
        }
        if (headers.length < 4 * headerCount) {
            headers = new int[Math.max(4 * headerCount, 2 * headers.length)];
        }
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = WireReader.readVarint(cursor);
            if (headerKeyLength < 0) {
                throw new MalformedMessageException("header " + i + " has key length " + headerKeyLength);
            }
            headers[4 * i] = skipNullable(cursor, headerKeyLength, end, "header key");
            headers[4 * i + 1] = headerKeyLength;
            int headerValueLength = WireReader.readVarint(cursor);
            headers[4 * i + 2] = skipNullable(cursor, headerValueLength, end, "header value");
            headers[4 * i + 3] = headerValueLength;
        }
        if (cursor.readerIndex() != end) {
            throw new MalformedMessageException("record length " + bodyLength + " does not match its fields, which "
                    + "take " + (cursor.readerIndex() - (end - bodyLength)) + " bytes");
        }
        this.buf = cursor;
        this.sizeInBytes = end - start;
        this.offset = baseOffset + offsetDelta;
        this.timestamp = logAppendTime != RecordBatch.NO_TIMESTAMP ? logAppendTime : baseTimestamp + timestampDelta;
    }

    /** Skips a field of {@code length} bytes (-1 = null) that must end by {@code end}; returns its index. */
    private static int skipNullable(ByteBuf cursor, int length, int end, String what) {
        int index = cursor.readerIndex();
        if (length < -1 || length > end - index) {
            throw new MalformedMessageException(what + " length " + length + " does not fit in the "
                    + Math.max(0, end - index) + " bytes left in the record");
        }
        if (length > 0) {
            cursor.skipBytes(length);
        }
        return index;
    }

    /** The record's offset: the batch's base offset plus its offset delta. */
    public long offset() {
        return offset;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    /** The record's timestamp: base timestamp plus delta, or the batch's max timestamp under LogAppendTime. */
    public long timestamp() {
        return timestamp;
    }

    public long timestampDelta() {
        return timestampDelta;
    }

    /** The record attributes byte (unused by record format v2, always 0 from Kafka clients). */
    public byte attributes() {
        return attributes;
    }

    /** Bytes the record takes in the batch, length prefix included. */
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Key length in bytes, -1 for a null key. */
    public int keyLength() {
        return keyLength;
    }

    /** The key as a slice of the iterated bytes (not retained), or null. */
    public ByteBuf key() {
        return keyLength < 0 ? null : buf.slice(keyIndex, keyLength);
    }

    /** The key copied into a new array, or null: no slice is made, so only the array is allocated. */
    public byte[] keyBytes() {
        return copy(keyIndex, keyLength);
    }

    /** Value length in bytes, -1 for a null value. */
    public int valueLength() {
        return valueLength;
    }

    /** The value as a slice of the iterated bytes (not retained), or null. */
    public ByteBuf value() {
        return valueLength < 0 ? null : buf.slice(valueIndex, valueLength);
    }

    /** The value copied into a new array, or null: no slice is made, so only the array is allocated. */
    public byte[] valueBytes() {
        return copy(valueIndex, valueLength);
    }

    public int headerCount() {
        return headerCount;
    }

    /** Header {@code i}'s key bytes as a slice (not retained). */
    public ByteBuf headerKeyBytes(int i) {
        checkHeader(i);
        return buf.slice(headers[4 * i], headers[4 * i + 1]);
    }

    /** Header {@code i}'s key, decoded from UTF-8. */
    public String headerKey(int i) {
        checkHeader(i);
        return buf.toString(headers[4 * i], headers[4 * i + 1], StandardCharsets.UTF_8);
    }

    /** Header {@code i}'s value length, -1 for null. */
    public int headerValueLength(int i) {
        checkHeader(i);
        return headers[4 * i + 3];
    }

    /** Header {@code i}'s value as a slice (not retained), or null. */
    public ByteBuf headerValue(int i) {
        checkHeader(i);
        int length = headers[4 * i + 3];
        return length < 0 ? null : buf.slice(headers[4 * i + 2], length);
    }

    /** Header {@code i}'s value copied into a new array, or null. */
    public byte[] headerValueBytes(int i) {
        checkHeader(i);
        return copy(headers[4 * i + 2], headers[4 * i + 3]);
    }

    private byte[] copy(int index, int length) {
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        return bytes;
    }

    private void checkHeader(int i) {
        if (i < 0 || i >= headerCount) {
            throw new IndexOutOfBoundsException("header " + i + " of a record with " + headerCount + " headers");
        }
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyLength + " bytes, value="
                + valueLength + " bytes, headers=" + headerCount + ")";
    }
}
