package io.runnel.broker.log;

import java.nio.ByteBuffer;

/**
 * The sparse offset index of one segment: entries of (offset relative to the segment's base, file position of the
 * batch with that base offset), 4 + 4 bytes big-endian, one entry per {@code index.interval.bytes} of batches.
 *
 * <p>Invariants: relative offsets and positions both strictly increase. The entry count, concurrency and the
 * clamp of lookups to the map they are given: see {@link SparseIndex}.
 */
final class OffsetIndex extends SparseIndex {
    static final int ENTRY_SIZE = 8;

    OffsetIndex(long baseOffset) {
        super(baseOffset, ENTRY_SIZE);
    }

    /** Whether one more entry would not fit in a map of {@code capacityBytes}. */
    boolean isFull(int capacityBytes) {
        return (long) (entries() + 1) * ENTRY_SIZE > capacityBytes;
    }

    /** Appends (offset, position); the caller has checked that both exceed the last entry's and that it fits. */
    void append(ByteBuffer map, long offset, int position) {
        int n = entries();
        int at = n * ENTRY_SIZE;
        map.putInt(at, (int) (offset - baseOffset));
        map.putInt(at + 4, position);
        setEntries(n + 1);
    }

    /** The slot of the last entry whose offset is at most {@code targetOffset}; -1 if none. */
    int floorSlot(ByteBuffer map, long targetOffset) {
        if (targetOffset < baseOffset) {
            return -1;
        }
        long relative = targetOffset - baseOffset;
        int rel = relative > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) relative;
        int lo = 0;
        int hi = usable(map) - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (map.getInt(mid * ENTRY_SIZE) <= rel) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The slot of the last entry whose position is at most {@code position}; -1 if none. */
    int floorSlotByPosition(ByteBuffer map, int position) {
        int lo = 0;
        int hi = usable(map) - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (map.getInt(mid * ENTRY_SIZE + 4) <= position) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }


    long offsetAt(ByteBuffer map, int slot) {
        return baseOffset + map.getInt(slot * ENTRY_SIZE);
    }

    int positionAt(ByteBuffer map, int slot) {
        return map.getInt(slot * ENTRY_SIZE + 4);
    }

    /** The last entry's absolute offset, or the base offset when there is none. */
    long lastOffset(ByteBuffer map) {
        int n = usable(map);
        return n == 0 ? baseOffset : baseOffset + map.getInt((n - 1) * ENTRY_SIZE);
    }

    /** The last entry's position, or 0 when there is none. */
    int lastPosition(ByteBuffer map) {
        int n = usable(map);
        return n == 0 ? 0 : map.getInt((n - 1) * ENTRY_SIZE + 4);
    }

    /**
     * Checks {@code count} entries of a map read from disk: increasing offsets and positions, positions inside a
     * log of {@code logSize} bytes, offsets below {@code offsetLimit}. Returns null when sane, else why not.
     */
    String checkSane(ByteBuffer map, int count, int logSize, long offsetLimit) {
        int prevRel = -1;
        int prevPos = -1;
        for (int i = 0; i < count; i++) {
            int rel = map.getInt(i * ENTRY_SIZE);
            int pos = map.getInt(i * ENTRY_SIZE + 4);
            if (rel <= prevRel || pos <= prevPos || pos >= logSize || baseOffset + rel >= offsetLimit) {
                return "entry " + i + " (relative offset " + rel + ", position " + pos + ") after (" + prevRel
                        + ", " + prevPos + ") with log size " + logSize + " and offset limit " + offsetLimit;
            }
            prevRel = rel;
            prevPos = pos;
        }
        return null;
    }
}
