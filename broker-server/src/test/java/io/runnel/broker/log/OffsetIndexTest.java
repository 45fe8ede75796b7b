package io.runnel.broker.log;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offset index on plain buffers: entries, lookups at every boundary, the sanity check, the clamp. */
class OffsetIndexTest {
    private static final long BASE = 5_000;

    /** Entries (+0, 0), (+10, 400), (+20, 900) in a map of {@code map.capacity()} bytes. */
    private static OffsetIndex threeEntries(ByteBuffer map) {
        OffsetIndex index = new OffsetIndex(BASE);
        index.setEntries(0);
        index.append(map, BASE, 0);
        index.append(map, BASE + 10, 400);
        index.append(map, BASE + 20, 900);
        return index;
    }

    private static ByteBuffer slots(int n) {
        return ByteBuffer.allocate(n * OffsetIndex.ENTRY_SIZE);
    }

    @Test
    void entriesAreBigEndianRelativeOffsetThenPosition() {
        ByteBuffer map = slots(4);
        OffsetIndex index = threeEntries(map);
        assertEquals(3, index.entries());
        assertEquals(10, map.getInt(OffsetIndex.ENTRY_SIZE));
        assertEquals(400, map.getInt(OffsetIndex.ENTRY_SIZE + 4));
        assertEquals(BASE + 20, index.lastOffset(map));
        assertEquals(900, index.lastPosition(map));
        assertEquals(BASE + 10, index.offsetAt(map, 1));
        assertEquals(400, index.positionAt(map, 1));
    }

    @Test
    void floorSlotAtEveryBoundary() {
        ByteBuffer map = slots(4);
        OffsetIndex index = threeEntries(map);
        assertEquals(-1, index.floorSlot(map, BASE - 1), "below the base offset");
        assertEquals(-1, index.floorSlot(map, Long.MIN_VALUE));
        assertEquals(0, index.floorSlot(map, BASE));
        assertEquals(0, index.floorSlot(map, BASE + 9));
        assertEquals(1, index.floorSlot(map, BASE + 10));
        assertEquals(1, index.floorSlot(map, BASE + 19));
        assertEquals(2, index.floorSlot(map, BASE + 20));
        assertEquals(2, index.floorSlot(map, BASE + Integer.MAX_VALUE + 10L), "beyond an int of the base");
        assertEquals(2, index.floorSlot(map, Long.MAX_VALUE));
    }

    @Test
    void floorSlotByPositionAtEveryBoundary() {
        ByteBuffer map = slots(4);
        OffsetIndex index = threeEntries(map);
        assertEquals(-1, index.floorSlotByPosition(map, -1));
        assertEquals(0, index.floorSlotByPosition(map, 0));
        assertEquals(0, index.floorSlotByPosition(map, 399));
        assertEquals(1, index.floorSlotByPosition(map, 400));
        assertEquals(1, index.floorSlotByPosition(map, 899));
        assertEquals(2, index.floorSlotByPosition(map, 900));
        assertEquals(2, index.floorSlotByPosition(map, Integer.MAX_VALUE));
    }

    @Test
    void anEmptyIndexAnswersNothing() {
        ByteBuffer map = slots(2);
        OffsetIndex index = new OffsetIndex(BASE);
        index.setEntries(0);
        assertEquals(-1, index.floorSlot(map, Long.MAX_VALUE));
        assertEquals(-1, index.floorSlotByPosition(map, Integer.MAX_VALUE));
        assertEquals(BASE, index.lastOffset(map));
        assertEquals(0, index.lastPosition(map));
        assertFalse(index.isLoaded() && index.entries() > 0);
    }

    @Test
    void isFullWhenTheNextEntryWouldNotFit() {
        OffsetIndex index = new OffsetIndex(BASE);
        index.setEntries(2);
        assertFalse(index.isFull(3 * OffsetIndex.ENTRY_SIZE));
        assertTrue(index.isFull(2 * OffsetIndex.ENTRY_SIZE));
        assertTrue(index.isFull(3 * OffsetIndex.ENTRY_SIZE - 1));
    }

    @Test
    void lookupsUseOnlyTheEntriesInsideTheMapTheyAreGiven() {
        // A handle opened before a rebuild maps fewer entries than the index now counts.
        ByteBuffer big = slots(4);
        OffsetIndex index = threeEntries(big);
        ByteBuffer small = slots(2);
        small.put(0, big, 0, 2 * OffsetIndex.ENTRY_SIZE);
        assertEquals(1, index.floorSlot(small, Long.MAX_VALUE));
        assertEquals(1, index.floorSlotByPosition(small, Integer.MAX_VALUE));
        assertEquals(BASE + 10, index.lastOffset(small));
        assertEquals(400, index.lastPosition(small));
        assertEquals(-1, index.floorSlot(slots(0), Long.MAX_VALUE));
        assertEquals(BASE, index.lastOffset(slots(0)));
    }

    @Test
    void checkSaneRefusesDisorderPositionsOutsideTheLogAndOffsetsPastTheLimit() {
        ByteBuffer map = slots(4);
        OffsetIndex index = threeEntries(map);
        assertNull(index.checkSane(map, 3, 901, BASE + 21));
        assertNotNull(index.checkSane(map, 3, 900, BASE + 21), "a position at the log size is outside it");
        assertNotNull(index.checkSane(map, 3, 901, BASE + 20), "an offset at the limit is outside the segment");
        assertNull(index.checkSane(map, 0, 0, BASE), "no entries, nothing to refuse");

        ByteBuffer sameOffset = slots(2);
        sameOffset.putInt(0, 1).putInt(4, 0).putInt(8, 1).putInt(12, 10);
        assertNotNull(index.checkSane(sameOffset, 2, 100, Long.MAX_VALUE));

        ByteBuffer samePosition = slots(2);
        samePosition.putInt(0, 1).putInt(4, 10).putInt(8, 2).putInt(12, 10);
        assertNotNull(index.checkSane(samePosition, 2, 100, Long.MAX_VALUE));

        ByteBuffer zeroed = slots(3);
        zeroed.putInt(0, 0).putInt(4, 0).putInt(8, 7).putInt(12, 70);
        assertNotNull(index.checkSane(zeroed, 3, 100, Long.MAX_VALUE), "a zeroed preallocated tail is refused");
    }
}
