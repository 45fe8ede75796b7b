package io.runnel.broker.log;

/**
 * A segment's size and end offset packed in one {@code long}, so that one volatile write publishes both and one
 * volatile read sees a matching pair: the end offset relative to the segment's base offset in the high 32 bits
 * (unsigned: rolls keep a segment's offsets within an int of its base), the size in bytes in the low 32.
 */
final class SegmentExtent {
    private static final long MAX_RELATIVE_END = 0xFFFF_FFFFL;

    private SegmentExtent() {
    }

    /**
     * Packs {@code size} and {@code endOffset} of the segment at {@code baseOffset}.
     *
     * @throws IllegalArgumentException when the end offset is below the base or too far above it, or the size is
     *                                  negative
     */
    static long of(long baseOffset, long endOffset, int size) {
        long relative = endOffset - baseOffset;
        if (relative < 0 || relative > MAX_RELATIVE_END || size < 0) {
            throw new IllegalArgumentException("segment " + baseOffset + ": end offset " + endOffset + " and size "
                    + size + " do not fit an extent");
        }
        return relative << 32 | size;
    }

    /** The highest end offset an extent can hold for a segment at {@code baseOffset}. */
    static long maxEndOffset(long baseOffset) {
        return baseOffset + MAX_RELATIVE_END;
    }

    static int size(long extent) {
        return (int) extent;
    }

    static long endOffset(long baseOffset, long extent) {
        return baseOffset + (extent >>> 32);
    }
}
