package io.runnel.broker.log;

import java.nio.ByteBuffer;

/**
 * The sparse time index of one segment: entries of (timestamp, offset relative to the segment's base), 8 + 4 bytes
 * big-endian. An entry (t, o) is written when the offset index gets an entry and the largest timestamp seen so far
 * in the segment grew: t is that largest timestamp and o the base offset of the batch that carries it, so every
 * record up to the batch being indexed has a timestamp of at most t. When the segment stops being active a last
 * entry records the segment's largest timestamp, which is why the last entry gives it.
 *
 * <p>Invariants: timestamps strictly increase; relative offsets never decrease. The entry count, concurrency and
 * the clamp of lookups to the map they are given: see {@link SparseIndex}.
 */
final class TimeIndex extends SparseIndex {
    static final int ENTRY_SIZE = 12;

    TimeIndex(long baseOffset) {
        super(baseOffset, ENTRY_SIZE);
    }

    /** Whether fewer than two free slots remain: one is kept for the final entry written on roll. */
    boolean isFull(int capacityBytes) {
        return (long) (entries() + 2) * ENTRY_SIZE > capacityBytes;
    }

    /** The last entry's timestamp, or {@code Long.MIN_VALUE} when there is none. */
    long lastTimestamp(ByteBuffer map) {
        int n = usable(map);
        return n == 0 ? Long.MIN_VALUE : map.getLong((n - 1) * ENTRY_SIZE);
    }

    /** The last entry's absolute offset, or -1 when there is none. */
    long lastOffset(ByteBuffer map) {
        int n = usable(map);
        return n == 0 ? -1 : baseOffset + map.getInt((n - 1) * ENTRY_SIZE + 8);
    }

    /** Appends (timestamp, offset) if the timestamp exceeds the last entry's and the map has room. */
    void maybeAppend(ByteBuffer map, long timestamp, long offset) {
        int n = entries();
        if ((long) (n + 1) * ENTRY_SIZE > map.capacity()) {
            return;
        }
        if (n > 0 && timestamp <= map.getLong((n - 1) * ENTRY_SIZE)) {
            return;
        }
        int at = n * ENTRY_SIZE;
        map.putLong(at, timestamp);
        map.putInt(at + 8, (int) (offset - baseOffset));
        setEntries(n + 1);
    }

    /**
     * The offset of the last entry whose timestamp is below {@code target}: every record up to (at least) that
     * offset's batch is older than the target. Returns -1 when no entry is older.
     */
    long lastOffsetBefore(ByteBuffer map, long target) {
        int lo = 0;
        int hi = usable(map) - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (map.getLong(mid * ENTRY_SIZE) < target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : baseOffset + map.getInt(found * ENTRY_SIZE + 8);
    }

    /** Like {@link OffsetIndex#checkSane}: increasing timestamps, non-decreasing offsets below the limit. */
    String checkSane(ByteBuffer map, int count, long offsetLimit) {
        long prevTs = Long.MIN_VALUE;
        int prevRel = -1;
        for (int i = 0; i < count; i++) {
            long ts = map.getLong(i * ENTRY_SIZE);
            int rel = map.getInt(i * ENTRY_SIZE + 8);
            if ((i > 0 && ts <= prevTs) || rel < prevRel || rel < 0 || baseOffset + rel >= offsetLimit) {
                return "entry " + i + " (timestamp " + ts + ", relative offset " + rel + ") after (" + prevTs
                        + ", " + prevRel + ") with offset limit " + offsetLimit;
            }
            prevTs = ts;
            prevRel = rel;
        }
        return null;
    }
}
