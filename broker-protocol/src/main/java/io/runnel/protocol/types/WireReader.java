package io.runnel.protocol.types;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.MalformedMessageException;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads Kafka's primitive wire types from a {@link ByteBuf}, advancing its reader index.
 *
 * <p>Every read checks the bytes that remain first and throws {@link MalformedMessageException} naming the type
 * and the value when the input is short or out of range; no {@code IndexOutOfBoundsException} escapes and no
 * length read from the wire is trusted before it is compared with what is actually there.
 */
public final class WireReader {
    private WireReader() {
    }

    private static void require(ByteBuf buf, int bytes, String what) {
        if (buf.readableBytes() < bytes) {
            throw new MalformedMessageException(
                    what + " needs " + bytes + " bytes but only " + buf.readableBytes() + " remain");
        }
    }

    public static boolean readBoolean(ByteBuf buf) {
        require(buf, 1, "boolean");
        return buf.readByte() != 0;
    }

    public static byte readInt8(ByteBuf buf) {
        require(buf, 1, "int8");
        return buf.readByte();
    }

    public static short readInt16(ByteBuf buf) {
        require(buf, 2, "int16");
        return buf.readShort();
    }

    public static int readUint16(ByteBuf buf) {
        require(buf, 2, "uint16");
        return buf.readUnsignedShort();
    }

    public static int readInt32(ByteBuf buf) {
        require(buf, 4, "int32");
        return buf.readInt();
    }

    public static long readUint32(ByteBuf buf) {
        require(buf, 4, "uint32");
        return buf.readUnsignedInt();
    }

    public static long readInt64(ByteBuf buf) {
        require(buf, 8, "int64");
        return buf.readLong();
    }

    public static double readFloat64(ByteBuf buf) {
        require(buf, 8, "float64");
        return buf.readDouble();
    }

    public static UUID readUuid(ByteBuf buf) {
        require(buf, 16, "uuid");
        return new UUID(buf.readLong(), buf.readLong());
    }

    /** Unsigned LEB128, at most 5 bytes, as Kafka's unsigned varint. */
    public static int readUnsignedVarint(ByteBuf buf) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!buf.isReadable()) {
                throw new MalformedMessageException("unsigned varint is cut off after " + shift / 7 + " bytes");
            }
            byte b = buf.readByte();
            if (shift == 28 && (b & 0xf0) != 0) {
                throw new MalformedMessageException("unsigned varint overflows 32 bits (fifth byte 0x"
                        + Integer.toHexString(b & 0xff) + ")");
            }
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("unsigned varint is longer than 5 bytes");
    }

    /** Unsigned LEB128, at most 10 bytes. */
    public static long readUnsignedVarlong(ByteBuf buf) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!buf.isReadable()) {
                throw new MalformedMessageException("unsigned varlong is cut off after " + shift / 7 + " bytes");
            }
            byte b = buf.readByte();
            if (shift == 63 && (b & 0xfe) != 0) {
                throw new MalformedMessageException("unsigned varlong overflows 64 bits");
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("unsigned varlong is longer than 10 bytes");
    }

    /** Zig-zag signed varint, as used inside record batches. */
    public static int readVarint(ByteBuf buf) {
        int raw = readUnsignedVarint(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Zig-zag signed varlong, as used inside record batches. */
    public static long readVarlong(ByteBuf buf) {
        long raw = readUnsignedVarlong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A length that must fit in what remains of the buffer; {@code -1} (null) is returned as is. */
    private static int checkedLength(ByteBuf buf, int length, String what) {
        if (length < -1) {
            throw new MalformedMessageException(what + " has negative length " + length);
        }
        if (length > buf.readableBytes()) {
            throw new MalformedMessageException(
                    what + " length " + length + " exceeds the " + buf.readableBytes() + " bytes that remain");
        }
        return length;
    }

    private static String utf8(ByteBuf buf, int length) {
        String s = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return s;
    }

    private static String nonNull(String value, String what) {
        if (value == null) {
            throw new MalformedMessageException(what + " is null where the field is not nullable");
        }
        return value;
    }

    public static String readNullableString(ByteBuf buf) {
        int length = checkedLength(buf, readInt16(buf), "string");
        return length < 0 ? null : utf8(buf, length);
    }

    public static String readString(ByteBuf buf) {
        return nonNull(readNullableString(buf), "string");
    }

    public static String readCompactNullableString(ByteBuf buf) {
        int length = checkedLength(buf, compactLength(buf, "compact string"), "compact string");
        return length < 0 ? null : utf8(buf, length);
    }

    public static String readCompactString(ByteBuf buf) {
        return nonNull(readCompactNullableString(buf), "compact string");
    }

    /** The length encoded as unsigned varint N+1, N = -1 meaning null. */
    private static int compactLength(ByteBuf buf, String what) {
        long raw = readUnsignedVarint(buf) & 0xffffffffL;
        if (raw - 1 > Integer.MAX_VALUE) {
            throw new MalformedMessageException(what + " length " + (raw - 1) + " is out of range");
        }
        return (int) (raw - 1);
    }

    public static byte[] readNullableBytes(ByteBuf buf) {
        int length = checkedLength(buf, readInt32(buf), "bytes");
        return length < 0 ? null : copy(buf, length);
    }

    public static byte[] readBytes(ByteBuf buf) {
        byte[] value = readNullableBytes(buf);
        if (value == null) {
            throw new MalformedMessageException("bytes is null where the field is not nullable");
        }
        return value;
    }

    public static byte[] readCompactNullableBytes(ByteBuf buf) {
        int length = checkedLength(buf, compactLength(buf, "compact bytes"), "compact bytes");
        return length < 0 ? null : copy(buf, length);
    }

    public static byte[] readCompactBytes(ByteBuf buf) {
        byte[] value = readCompactNullableBytes(buf);
        if (value == null) {
            throw new MalformedMessageException("compact bytes is null where the field is not nullable");
        }
        return value;
    }

    private static byte[] copy(ByteBuf buf, int length) {
        byte[] out = new byte[length];
        buf.readBytes(out);
        return out;
    }

    /**
     * Record batches as a slice of {@code buf}, sharing its memory and reference count: nothing is copied. The
     * caller retains the slice if it must outlive {@code buf}. Returns null for a null field.
     */
    public static ByteBuf readRecords(ByteBuf buf) {
        int length = checkedLength(buf, readInt32(buf), "records");
        return length < 0 ? null : buf.readSlice(length);
    }

    public static ByteBuf readCompactRecords(ByteBuf buf) {
        int length = checkedLength(buf, compactLength(buf, "compact records"), "compact records");
        return length < 0 ? null : buf.readSlice(length);
    }

    /**
     * The element count of an array; -1 means null. The count is checked against the bytes that remain, given
     * the smallest encoding of one element, so a forged count cannot make a decoder allocate or loop for long.
     */
    public static int readArrayLength(ByteBuf buf, int minElementBytes) {
        return checkedCount(buf, readInt32(buf), minElementBytes, "array");
    }

    public static int readCompactArrayLength(ByteBuf buf, int minElementBytes) {
        return checkedCount(buf, compactLength(buf, "compact array"), minElementBytes, "compact array");
    }

    private static int checkedCount(ByteBuf buf, int count, int minElementBytes, String what) {
        if (count < -1) {
            throw new MalformedMessageException(what + " has negative length " + count);
        }
        if ((long) count * Math.max(1, minElementBytes) > buf.readableBytes()) {
            throw new MalformedMessageException(what + " of " + count + " elements cannot fit in the "
                    + buf.readableBytes() + " bytes that remain");
        }
        return count;
    }

    /**
     * Skips one tagged-field section the caller does not know, after it has read the tag: reads the size and
     * skips that many bytes. Unknown tags are never an error.
     */
    public static void skipTaggedField(ByteBuf buf) {
        buf.skipBytes(taggedFieldSize(buf));
    }

    /** Reads a tagged field's size prefix and returns a slice of exactly that many bytes. */
    public static ByteBuf readTaggedFieldBody(ByteBuf buf) {
        return buf.readSlice(taggedFieldSize(buf));
    }

    /** A tagged field's size has no null marker: unlike other lengths, all 32 bits are unsigned. */
    private static int taggedFieldSize(ByteBuf buf) {
        int size = readUnsignedVarint(buf);
        if (size < 0 || size > buf.readableBytes()) {
            throw new MalformedMessageException("tagged field size " + Integer.toUnsignedString(size)
                    + " exceeds the " + buf.readableBytes() + " bytes that remain");
        }
        return size;
    }
}
