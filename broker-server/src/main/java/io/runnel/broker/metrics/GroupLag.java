package io.runnel.broker.metrics;

import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Consumer lag, computed where both of its inputs live: a group's committed offsets (from the coordinator) and
 * its partitions' log end offsets (from the logs). Lag in records is {@code logEnd - committed}; lag in time is
 * the age of the record at the committed offset, the oldest the group has not consumed (-1, unknown, when it
 * could not be read, or not within the round's budget). Not thread-safe (it keeps looked-up timestamps): one per
 * reading thread.
 */
public final class GroupLag {
    /** How long one round may spend reading record timestamps (see {@link RecordTimestamps}). */
    static final long TIMESTAMP_BUDGET_NANOS = 250_000_000L;

    private final LogManager logs;
    private final LongSupplier clockMs;
    private final RecordTimestamps timestamps = new RecordTimestamps();

    public GroupLag(LogManager logs, LongSupplier clockMs) {
        this.logs = logs;
        this.clockMs = clockMs;
    }

    /**
     * Lag of {@code group} on every partition it has committed or owns (owned partitions without a commit count
     * from the log start, as a new consumer with {@code auto.offset.reset=earliest} would), sorted by partition.
     * Partitions whose topic no longer exists are left out.
     */
    public List<PartitionLag> of(GroupSnapshot group) {
        Map<TopicPartition, String> owners = new HashMap<>();
        for (GroupSnapshot.Member m : group.members()) {
            for (TopicPartition tp : m.assigned()) {
                owners.put(tp, m.memberId());
            }
        }
        TreeSet<TopicPartition> partitions = new TreeSet<>(GroupReader::compare);
        partitions.addAll(group.committed().keySet());
        partitions.addAll(owners.keySet());
        long now = clockMs.getAsLong();
        List<PartitionLag> out = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            PartitionLog log = logs.log(tp);
            if (log == null) {
                continue;
            }
            long start = log.logStartOffset();
            long end = log.logEndOffset();
            Long committed = group.committed().get(tp);
            long from = committed == null ? start : committed;
            long lag = Math.max(0, end - from);
            long lagMillis = 0;
            if (lag > 0) {
                long ts = timestamps.at(log, from);
                lagMillis = ts < 0 ? -1 : Math.max(0, now - ts);
            }
            out.add(new PartitionLag(tp, committed == null ? -1 : committed, start, end, lag, lagMillis,
                    owners.get(tp)));
        }
        return out;
    }

    /** Starts a round of {@link #of} calls (a scrape, a page): it may read record timestamps for 250 ms. */
    public void startRound() {
        timestamps.startRound(TIMESTAMP_BUDGET_NANOS);
    }

    /** Ends a round of {@link #of} calls: timestamps nobody asked for in it are forgotten. */
    public void roundDone() {
        timestamps.retainOnly();
    }
}
