package io.runnel.protocol.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.UUID;

/** Writes Kafka's primitive wire types to a {@link ByteBuf}, advancing its writer index. */
public final class WireWriter {
    private WireWriter() {
    }

    public static void writeBoolean(ByteBuf buf, boolean value) {
        buf.writeByte(value ? 1 : 0);
    }

    public static void writeUuid(ByteBuf buf, UUID value) {
        buf.writeLong(value.getMostSignificantBits());
        buf.writeLong(value.getLeastSignificantBits());
    }

    public static void writeUnsignedVarint(ByteBuf buf, int value) {
        while ((value & 0xffffff80) != 0) {
            buf.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf.writeByte(value);
    }

    public static void writeUnsignedVarlong(ByteBuf buf, long value) {
        while ((value & 0xffffffffffffff80L) != 0) {
            buf.writeByte(((int) value & 0x7f) | 0x80);
            value >>>= 7;
        }
        buf.writeByte((int) value);
    }

    public static void writeVarint(ByteBuf buf, int value) {
        writeUnsignedVarint(buf, (value << 1) ^ (value >> 31));
    }

    public static void writeVarlong(ByteBuf buf, long value) {
        writeUnsignedVarlong(buf, (value << 1) ^ (value >> 63));
    }

    /** Bytes an unsigned varint of {@code value} takes on the wire. */
    public static int unsignedVarintSize(int value) {
        int bytes = 1;
        while ((value & 0xffffff80) != 0) {
            bytes++;
            value >>>= 7;
        }
        return bytes;
    }

    public static int varintSize(int value) {
        return unsignedVarintSize((value << 1) ^ (value >> 31));
    }

    public static int varlongSize(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    public static void writeNullableString(ByteBuf buf, String value) {
        if (value == null) {
            buf.writeShort(-1);
            return;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + length + " bytes is longer than int16 allows");
        }
        buf.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
    }

    public static void writeString(ByteBuf buf, String value) {
        writeNullableString(buf, requireNonNull(value, "string"));
    }

    public static void writeCompactNullableString(ByteBuf buf, String value) {
        if (value == null) {
            buf.writeByte(0);
            return;
        }
        int length = ByteBufUtil.utf8Bytes(value);
        writeUnsignedVarint(buf, length + 1);
        ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
    }

    public static void writeCompactString(ByteBuf buf, String value) {
        writeCompactNullableString(buf, requireNonNull(value, "compact string"));
    }

    public static void writeNullableBytes(ByteBuf buf, byte[] value) {
        if (value == null) {
            buf.writeInt(-1);
            return;
        }
        buf.writeInt(value.length);
        buf.writeBytes(value);
    }

    public static void writeBytes(ByteBuf buf, byte[] value) {
        writeNullableBytes(buf, requireNonNull(value, "bytes"));
    }

    public static void writeCompactNullableBytes(ByteBuf buf, byte[] value) {
        if (value == null) {
            buf.writeByte(0);
            return;
        }
        writeUnsignedVarint(buf, value.length + 1);
        buf.writeBytes(value);
    }

    public static void writeCompactBytes(ByteBuf buf, byte[] value) {
        writeCompactNullableBytes(buf, requireNonNull(value, "compact bytes"));
    }

    /** Writes the readable bytes of {@code records} without moving its reader index; null writes a null field. */
    public static void writeRecords(ByteBuf buf, ByteBuf records) {
        if (records == null) {
            buf.writeInt(-1);
            return;
        }
        buf.writeInt(records.readableBytes());
        buf.writeBytes(records, records.readerIndex(), records.readableBytes());
    }

    public static void writeCompactRecords(ByteBuf buf, ByteBuf records) {
        if (records == null) {
            buf.writeByte(0);
            return;
        }
        writeUnsignedVarint(buf, records.readableBytes() + 1);
        buf.writeBytes(records, records.readerIndex(), records.readableBytes());
    }

    public static void writeArrayLength(ByteBuf buf, int count) {
        buf.writeInt(count);
    }

    /** Compact arrays carry N+1, with 0 for null (pass -1). */
    public static void writeCompactArrayLength(ByteBuf buf, int count) {
        writeUnsignedVarint(buf, count + 1);
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " field is null but not nullable at this version");
        }
        return value;
    }
}
