package io.runnel.protocol.oracle;

import java.util.Random;

/**
 * Random field values biased towards the cases codecs get wrong: edge integers, empty and non-ASCII strings,
 * nulls, empty collections.
 */
final class RandomValues {
    private static final String[] STRING_PIECES = {
        "a", "b", "z", "Q", "0", "7", "-", "_", ".", " ", "topic", "group", "é", "ß", "Ω", "漢字", "😀", "ü", "\u0000"
    };
    private static final int[] EDGE_INTS = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 127, 128, 255, 32767};
    private static final long[] EDGE_LONGS = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, (1L << 31) - 1};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, 1.5, -2.25, Double.MAX_VALUE, Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private final Random random;

    RandomValues(Random random) {
        this.random = random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    boolean bool() {
        return random.nextBoolean();
    }

    byte int8() {
        return chance(0.3) ? (byte) EDGE_INTS[below(EDGE_INTS.length)] : (byte) random.nextInt();
    }

    short int16() {
        return chance(0.3) ? (short) EDGE_INTS[below(EDGE_INTS.length)] : (short) random.nextInt();
    }

    int int32() {
        return chance(0.3) ? EDGE_INTS[below(EDGE_INTS.length)] : random.nextInt();
    }

    long int64() {
        return chance(0.3) ? EDGE_LONGS[below(EDGE_LONGS.length)] : random.nextLong();
    }

    double float64() {
        return chance(0.4) ? EDGE_DOUBLES[below(EDGE_DOUBLES.length)] : random.nextDouble() * 1e6 - 5e5;
    }

    /** A valid string of 0..~30 UTF-16 units: empty a fifth of the time, often with multi-byte characters. */
    String string() {
        if (chance(0.2)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int pieces = 1 + below(6);
        for (int i = 0; i < pieces; i++) {
            sb.append(STRING_PIECES[below(STRING_PIECES.length)]);
        }
        return sb.toString();
    }

    byte[] bytes() {
        int length = chance(0.2) ? 0 : 1 + below(24);
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** Element count of an array nested {@code depth} levels deep: small, and shrinking with depth. */
    int arrayCount(int depth) {
        if (chance(0.25)) {
            return 0;
        }
        return depth < 3 ? 1 + below(3) : below(2);
    }
}
