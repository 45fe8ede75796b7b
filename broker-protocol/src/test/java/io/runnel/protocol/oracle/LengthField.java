package io.runnel.protocol.oracle;

/**
 * Where a generated message carries a length or a count: its offset, its width in bytes, how it is encoded, the
 * raw value written, and what a reader may conclude from it.
 *
 * @param offset       where the prefix starts in the message
 * @param width        how many bytes the prefix takes
 * @param encoding     int16, int32 or unsigned varint
 * @param rawValue     the value as written (for compact encodings, length or count + 1)
 * @param kind         what the prefix announces
 * @param nullable     whether the field may be null at this version (a null marker is valid)
 * @param minUnitBytes the fewest bytes each announced unit takes (1 for a byte length, the smallest encoding of
 *                     an element for an array count); 0 when an element could take no bytes
 */
public record LengthField(int offset, int width, Encoding encoding, int rawValue, Kind kind, boolean nullable,
                          int minUnitBytes) {
    /** How a length prefix is written on the wire. */
    public enum Encoding { INT16, INT32, UNSIGNED_VARINT }

    /** What the prefix announces. */
    public enum Kind {
        /** Byte length of a string, bytes or records field. */
        BYTE_LENGTH,
        /** Element count of an array. */
        ARRAY_COUNT,
        /** Number of tagged fields in a tagged-field section. */
        TAG_COUNT,
        /** Byte size of one tagged field's value; decoders may read known tags by type and not need it. */
        TAG_SIZE
    }

    /** Whether compact encoding is in use: the wire carries n + 1 and 0 means null. */
    public boolean plusOne() {
        return encoding == Encoding.UNSIGNED_VARINT && (kind == Kind.BYTE_LENGTH || kind == Kind.ARRAY_COUNT);
    }

    LengthField shiftedBy(int delta) {
        return new LengthField(offset + delta, width, encoding, rawValue, kind, nullable, minUnitBytes);
    }
}
