package io.runnel.broker.metrics;

import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * The timestamp of the record at an offset, for the age of a group's oldest unconsumed record. Looked-up values
 * are kept per (partition, offset), since a committed offset rarely moves between two scrapes; {@link #retainOnly}
 * drops what the last round did not ask for. A round of lookups has a time budget ({@link #startRound}): past it,
 * offsets not looked up yet answer {@link #NOT_READ} instead of reading, so a broker whose groups all moved at
 * once fills its cache over a few scrapes instead of making one scrape slow. Not thread-safe: one per reading
 * thread.
 */
public final class RecordTimestamps {
    /** What {@link #at} answers for an offset it had no time left to read in this round. */
    public static final long NOT_READ = -2;
    /** A read returns the first batch at the offset, whatever its size: the least that holds the record. */
    private static final int CHUNK_BYTES = 1;

    private final PartitionScan scan = new PartitionScan(CHUNK_BYTES);
    private Map<Key, Long> cache = new HashMap<>();
    private Map<Key, Long> used = new HashMap<>();
    private long deadlineNanos = Long.MAX_VALUE;

    private record Key(TopicPartition partition, long offset) {
    }

    /** Starts a round of lookups that may read for {@code budgetNanos}. */
    public void startRound(long budgetNanos) {
        deadlineNanos = System.nanoTime() + budgetNanos;
    }

    /**
     * The timestamp of the first record at or after {@code offset} in {@code log} (the log start, if the offset
     * is below it); -1 when there is no such record or it cannot be decoded; {@link #NOT_READ} when the round's
     * time is up and it is not known yet.
     */
    public long at(PartitionLog log, long offset) {
        Key key = new Key(log.topicPartition(), offset);
        Long known = cache.get(key);
        if (known == null) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return NOT_READ;
            }
            known = read(log, offset);
            cache.put(key, known);
        }
        used.put(key, known);
        return known;
    }

    /** Forgets every entry not asked for since the last call. */
    public void retainOnly() {
        Map<Key, Long> keep = used;
        used = cache;
        used.clear();
        cache = keep;
    }

    private long read(PartitionLog log, long offset) {
        long[] found = {-1};
        scan.scan(log, offset, Long.MAX_VALUE, 1, System.nanoTime() + 1_000_000_000L, record -> {
            found[0] = record.timestamp();
            return false;
        });
        return found[0];
    }
}
