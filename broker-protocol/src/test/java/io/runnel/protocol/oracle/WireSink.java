package io.runnel.protocol.oracle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable big-endian byte sink that also remembers where it wrote each length or count prefix, so that a
 * fuzzer can later forge exactly those bytes.
 */
final class WireSink {
    private byte[] bytes = new byte[64];
    private int size;
    private final List<LengthField> lengthFields = new ArrayList<>();

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    List<LengthField> lengthFields() {
        return lengthFields;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void int8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
    }

    void int16(int v) {
        int8(v >> 8);
        int8(v);
    }

    void int32(int v) {
        int16(v >> 16);
        int16(v);
    }

    void int64(long v) {
        int32((int) (v >> 32));
        int32((int) v);
    }

    void unsignedVarint(int v) {
        while ((v & ~0x7f) != 0) {
            int8((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        int8(v);
    }

    void unsignedVarlong(long v) {
        while ((v & ~0x7fL) != 0) {
            int8((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        int8((int) v);
    }

    void raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    void utf8(String s) {
        raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an int16 length and remembers where. */
    void lengthInt16(int v, LengthField.Kind kind, boolean nullable, int minUnitBytes) {
        lengthFields.add(new LengthField(size, 2, LengthField.Encoding.INT16, v, kind, nullable, minUnitBytes));
        int16(v);
    }

    /** Writes an int32 length or count and remembers where. */
    void lengthInt32(int v, LengthField.Kind kind, boolean nullable, int minUnitBytes) {
        lengthFields.add(new LengthField(size, 4, LengthField.Encoding.INT32, v, kind, nullable, minUnitBytes));
        int32(v);
    }

    /** Writes an unsigned varint length, count (compact: + 1) or tag size and remembers where. */
    void lengthVarint(int v, LengthField.Kind kind, boolean nullable, int minUnitBytes) {
        int start = size;
        unsignedVarint(v);
        lengthFields.add(new LengthField(start, size - start, LengthField.Encoding.UNSIGNED_VARINT, v, kind,
                nullable, minUnitBytes));
    }

    /** Appends everything another sink holds, shifting its remembered length fields to their new place. */
    void append(WireSink other) {
        int base = size;
        ensure(other.size);
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
        for (LengthField f : other.lengthFields) {
            lengthFields.add(f.shiftedBy(base));
        }
    }
}
