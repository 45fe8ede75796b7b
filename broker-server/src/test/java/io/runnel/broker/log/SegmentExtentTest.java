package io.runnel.broker.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SegmentExtentTest {
    @Test
    void sizeAndEndOffsetRoundTripUpToTheirLimits() {
        long base = 5_000_000_000L;
        long extent = SegmentExtent.of(base, base + 0xFFFF_FFFFL, Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, SegmentExtent.size(extent));
        assertEquals(base + 0xFFFF_FFFFL, SegmentExtent.endOffset(base, extent));

        long small = SegmentExtent.of(base, base + 3, 210);
        assertEquals(210, SegmentExtent.size(small));
        assertEquals(base + 3, SegmentExtent.endOffset(base, small));
        assertEquals(base, SegmentExtent.endOffset(base, SegmentExtent.of(base, base, 0)));
    }

    @Test
    void anEndOffsetOutsideTheSegmentsRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SegmentExtent.of(100, 99, 0));
        assertThrows(IllegalArgumentException.class, () -> SegmentExtent.of(100, 100 + (1L << 32), 0));
        assertThrows(IllegalArgumentException.class, () -> SegmentExtent.of(100, 101, -1));
    }
}
