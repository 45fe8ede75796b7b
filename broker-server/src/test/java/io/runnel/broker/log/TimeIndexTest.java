package io.runnel.broker.log;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time index on plain buffers: entries, lookups at every boundary, the sanity check, the clamp. */
class TimeIndexTest {
    private static final long BASE = 1_000;

    /** An index at {@code BASE} with entries (100, +0), (200, +10), (300, +20) in a map of {@code slots}. */
    private static TimeIndex threeEntries(ByteBuffer map) {
        TimeIndex index = new TimeIndex(BASE);
        index.setEntries(0);
        index.maybeAppend(map, 100, BASE);
        index.maybeAppend(map, 200, BASE + 10);
        index.maybeAppend(map, 300, BASE + 20);
        return index;
    }

    private static ByteBuffer slots(int n) {
        return ByteBuffer.allocate(n * TimeIndex.ENTRY_SIZE);
    }

    @Test
    void entriesAreBigEndianTimestampThenRelativeOffset() {
        ByteBuffer map = slots(4);
        TimeIndex index = threeEntries(map);
        assertEquals(3, index.entries());
        assertEquals(200, map.getLong(TimeIndex.ENTRY_SIZE));
        assertEquals(10, map.getInt(TimeIndex.ENTRY_SIZE + 8));
        assertEquals(300, index.lastTimestamp(map));
        assertEquals(BASE + 20, index.lastOffset(map));
    }

    @Test
    void lastOffsetBeforeAtEveryBoundary() {
        ByteBuffer map = slots(4);
        TimeIndex index = threeEntries(map);
        assertEquals(-1, index.lastOffsetBefore(map, Long.MIN_VALUE));
        assertEquals(-1, index.lastOffsetBefore(map, 99));
        assertEquals(-1, index.lastOffsetBefore(map, 100), "an entry at the target is not older than it");
        assertEquals(BASE, index.lastOffsetBefore(map, 101));
        assertEquals(BASE, index.lastOffsetBefore(map, 200));
        assertEquals(BASE + 10, index.lastOffsetBefore(map, 201));
        assertEquals(BASE + 10, index.lastOffsetBefore(map, 300));
        assertEquals(BASE + 20, index.lastOffsetBefore(map, 301));
        assertEquals(BASE + 20, index.lastOffsetBefore(map, Long.MAX_VALUE));
    }

    @Test
    void anEmptyIndexAnswersNothing() {
        ByteBuffer map = slots(2);
        TimeIndex index = new TimeIndex(BASE);
        index.setEntries(0);
        assertEquals(-1, index.lastOffsetBefore(map, Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, index.lastTimestamp(map));
        assertEquals(-1, index.lastOffset(map));
    }

    @Test
    void maybeAppendSkipsTimestampsThatDoNotGrowAndStopsWhenTheMapIsFull() {
        ByteBuffer map = slots(3);
        TimeIndex index = threeEntries(map);
        index.maybeAppend(map, 400, BASE + 30);
        assertEquals(3, index.entries(), "no room for a fourth entry in three slots");
        ByteBuffer roomy = slots(5);
        TimeIndex grown = threeEntries(roomy);
        grown.maybeAppend(roomy, 300, BASE + 30);
        grown.maybeAppend(roomy, 250, BASE + 30);
        assertEquals(3, grown.entries(), "timestamps strictly increase");
        grown.maybeAppend(roomy, 301, BASE + 30);
        assertEquals(4, grown.entries());
    }

    @Test
    void isFullKeepsOneSlotForTheFinalEntry() {
        TimeIndex index = new TimeIndex(BASE);
        index.setEntries(1);
        assertFalse(index.isFull(3 * TimeIndex.ENTRY_SIZE));
        assertTrue(index.isFull(2 * TimeIndex.ENTRY_SIZE));
    }

    @Test
    void lookupsUseOnlyTheEntriesInsideTheMapTheyAreGiven() {
        // A handle opened before a rebuild maps fewer entries than the index now counts.
        ByteBuffer big = slots(4);
        TimeIndex index = threeEntries(big);
        ByteBuffer small = slots(2);
        small.put(0, big, 0, 2 * TimeIndex.ENTRY_SIZE);
        assertEquals(BASE + 10, index.lastOffsetBefore(small, Long.MAX_VALUE));
        assertEquals(200, index.lastTimestamp(small));
        assertEquals(BASE + 10, index.lastOffset(small));
        assertEquals(-1, index.lastOffsetBefore(slots(0), Long.MAX_VALUE));
    }

    @Test
    void checkSaneRefusesDecreasingTimestampsOffsetsAndOffsetsPastTheLimit() {
        ByteBuffer map = slots(4);
        TimeIndex index = threeEntries(map);
        assertNull(index.checkSane(map, 3, BASE + 21));
        assertNotNull(index.checkSane(map, 3, BASE + 20), "an offset at the limit is outside the segment");

        ByteBuffer equalTimes = slots(2);
        equalTimes.putLong(0, 5).putInt(8, 0).putLong(12, 5).putInt(20, 1);
        assertNotNull(index.checkSane(equalTimes, 2, Long.MAX_VALUE));

        ByteBuffer backwards = slots(2);
        backwards.putLong(0, 5).putInt(8, 4).putLong(12, 6).putInt(20, 3);
        assertNotNull(index.checkSane(backwards, 2, Long.MAX_VALUE));

        ByteBuffer negative = slots(1);
        negative.putLong(0, 5).putInt(8, -1);
        assertNotNull(index.checkSane(negative, 1, Long.MAX_VALUE));

        ByteBuffer sameOffset = slots(2);
        sameOffset.putLong(0, 5).putInt(8, 3).putLong(12, 6).putInt(20, 3);
        assertNull(index.checkSane(sameOffset, 2, Long.MAX_VALUE), "offsets may repeat: a final entry can");
    }
}
