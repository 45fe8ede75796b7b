package io.runnel.protocol.oracle;

/**
 * Where a generated message carries a length, a count or a tagged-field size: its offset, its width in bytes,
 * how it is encoded and the raw value written (for compact encodings that is length + 1).
 */
public record LengthField(int offset, int width, Encoding encoding, int rawValue) {
    /** How a length prefix is written on the wire. */
    public enum Encoding { INT16, INT32, UNSIGNED_VARINT }

    LengthField shiftedBy(int delta) {
        return new LengthField(offset + delta, width, encoding, rawValue);
    }
}
