package io.runnel.protocol.oracle;

import java.util.Arrays;
import java.util.Random;

/**
 * Ways to damage a valid message for decoder fuzzing: truncation, byte flips, inserted and deleted bytes,
 * forged lengths and counts, and over-long varints. Each result says whether a decoder is obliged to reject it.
 */
public final class Mutations {
    /** Kinds of damage {@link #apply} can do. */
    public enum Kind { TRUNCATE, FLIP, INSERT, DELETE, FORGE_LENGTH, OVERLONG_VARINT }

    private Mutations() {
    }

    /** Damages {@code message} in the way {@code kind} names, choosing where and how from {@code random}. */
    public static Mutant apply(Kind kind, GeneratedBytes message, Random random) {
        byte[] bytes = message.bytes();
        return switch (kind) {
            case TRUNCATE -> bytes.length == 0 ? flip(bytes, random) : truncate(bytes, random.nextInt(bytes.length));
            case FLIP -> flip(bytes, random);
            case INSERT -> insert(bytes, random);
            case DELETE -> bytes.length == 0 ? insert(bytes, random) : delete(bytes, random);
            case FORGE_LENGTH -> message.lengthFields().isEmpty() ? flip(bytes, random) : forge(bytes, random,
                    pick(message, random));
            case OVERLONG_VARINT -> overlong(message, random);
        };
    }

    /** The first {@code length} bytes: a decoder that needs all of them must reject this. */
    public static Mutant truncate(byte[] bytes, int length) {
        return new Mutant(Arrays.copyOf(bytes, length), length < bytes.length,
                "truncated to " + length + " of " + bytes.length + " bytes");
    }

    private static Mutant flip(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        int flips = 1 + random.nextInt(4);
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 + random.nextInt(255));
            where.append(' ').append(at);
        }
        return new Mutant(out, false, "flipped bytes at" + where);
    }

    private static Mutant insert(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length + 1);
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        byte[] out = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(bytes, at, out, at + extra.length, bytes.length - at);
        return new Mutant(out, false, "inserted " + extra.length + " bytes at " + at);
    }

    private static Mutant delete(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length);
        int count = 1 + random.nextInt(Math.min(8, bytes.length - at));
        return new Mutant(splice(bytes, at, count, new byte[0]), false, "deleted " + count + " bytes at " + at);
    }

    private static LengthField pick(GeneratedBytes message, Random random) {
        return message.lengthFields().get(random.nextInt(message.lengthFields().size()));
    }

    private static Mutant forge(byte[] bytes, Random random, LengthField field) {
        return forge(bytes, field, forgedValue(field, bytes, random));
    }

    /** A semantic length or count (not yet + 1) likely to trip a decoder. */
    private static long forgedValue(LengthField field, byte[] bytes, Random random) {
        int remaining = bytes.length - field.offset() - field.width();
        int original = field.plusOne() ? field.rawValue() - 1 : field.rawValue();
        return switch (random.nextInt(9)) {
            case 0 -> remaining + 1L;
            case 1 -> remaining + 1L + random.nextInt(1000);
            case 2 -> field.encoding() == LengthField.Encoding.INT16 ? Short.MAX_VALUE : Integer.MAX_VALUE;
            case 3 -> 1L << (16 + random.nextInt(14));
            case 4 -> -1;
            case 5 -> -2;
            case 6 -> field.encoding() == LengthField.Encoding.INT16 ? Short.MIN_VALUE : Integer.MIN_VALUE;
            case 7 -> 0;
            default -> original + 1 + random.nextInt(3);
        };
    }

    /**
     * Replaces a length field with {@code value} (a length or count; compact encodings get + 1 here) and says
     * whether that leaves the message impossible to decode: a negative length where null is not allowed, or
     * more units than bytes remain.
     */
    public static Mutant forge(byte[] bytes, LengthField field, long value) {
        byte[] encoded;
        int signed;
        switch (field.encoding()) {
            case INT16 -> {
                signed = (short) value;
                encoded = new byte[] {(byte) (signed >> 8), (byte) signed};
            }
            case INT32 -> {
                signed = (int) value;
                encoded = new byte[] {(byte) (signed >> 24), (byte) (signed >> 16), (byte) (signed >> 8),
                    (byte) signed};
            }
            default -> {
                int raw = (int) (field.plusOne() ? value + 1 : value);
                encoded = unsignedVarint(raw);
                signed = field.plusOne() ? raw - 1 : raw;
            }
        }
        byte[] out = splice(bytes, field.offset(), field.width(), encoded);
        int remaining = out.length - field.offset() - encoded.length;
        boolean lengthOrCount = field.kind() == LengthField.Kind.BYTE_LENGTH
                || field.kind() == LengthField.Kind.ARRAY_COUNT;
        boolean mustFail;
        if (signed < 0) {
            mustFail = lengthOrCount && !field.nullable();
        } else {
            mustFail = field.kind() != LengthField.Kind.TAG_SIZE && field.minUnitBytes() > 0
                    && (long) signed * field.minUnitBytes() > remaining;
        }
        return new Mutant(out, mustFail, "forged " + field.kind() + " (" + field.encoding()
                + (field.nullable() ? ", nullable" : "") + ") at offset " + field.offset() + " from raw "
                + field.rawValue() + " to " + signed + (field.plusOne() ? " (+1 on the wire)" : "")
                + " with " + remaining + " bytes after it");
    }

    /** A varint length made six bytes long, which no 32-bit varint may be. */
    private static Mutant overlong(GeneratedBytes message, Random random) {
        LengthField varint = null;
        for (int i = 0; i < 8 && !message.lengthFields().isEmpty(); i++) {
            LengthField candidate = pick(message, random);
            if (candidate.encoding() == LengthField.Encoding.UNSIGNED_VARINT) {
                varint = candidate;
                break;
            }
        }
        if (varint == null) {
            return flip(message.bytes(), random);
        }
        return overlong(message.bytes(), varint);
    }

    /** Replaces a varint with {@code ff ff ff ff ff 01}: more than five bytes, so always malformed. */
    public static Mutant overlong(byte[] bytes, LengthField varint) {
        byte[] sixBytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        return new Mutant(splice(bytes, varint.offset(), varint.width(), sixBytes), true,
                "varint " + varint.kind() + " at offset " + varint.offset() + " replaced by a six-byte varint");
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        byte[] out = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at + removed, out, at + inserted.length, bytes.length - at - removed);
        return out;
    }

    private static byte[] unsignedVarint(int value) {
        byte[] out = new byte[5];
        int n = 0;
        int v = value;
        while ((v & ~0x7f) != 0) {
            out[n++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return Arrays.copyOf(out, n);
    }
}
