package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiPredicate;

/**
 * Retention: deletes whole closed segments, oldest first, never the active one.
 *
 * <ul>
 *   <li>always: segments wholly below the log start offset (moved up by DeleteRecords);</li>
 *   <li>with cleanup.policy delete: segments whose newest record is older than {@code retention.ms} (by the
 *       largest batch timestamp, or the file's modification time when the batches carry none), then the oldest
 *       segments while the log without them would still hold at least {@code retention.bytes}.</li>
 * </ul>
 * The log start offset moves to the first remaining segment, so reads below it get OFFSET_OUT_OF_RANGE.
 */
final class LogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private LogRetention() {
    }

    /** Applies retention to {@code log} at time {@code nowMs}; returns the number of segments deleted. */
    static int apply(PartitionLog log, long nowMs) {
        LogConfig c = log.config();
        SegmentList list = log.segmentList();
        try (SegmentList.Claim claim = list.claimForMaintenance()) {
            int deleted = deleteOldest(log, list, (s, next) -> next.baseOffset() <= list.logStartOffset(),
                    "below the log start offset");
            if (!c.deleteEnabled()) {
                return deleted;
            }
            if (c.retentionMs() >= 0) {
                deleted += deleteOldest(log, list, (s, next) -> nowMs - newestTimestamp(s) > c.retentionMs(),
                        "older than retention.ms=" + c.retentionMs());
            }
            if (c.retentionBytes() >= 0) {
                deleted += deleteOldest(log, list, (s, next) -> list.sizeInBytes() - s.size() >= c.retentionBytes(),
                        "beyond retention.bytes=" + c.retentionBytes());
            }
            return deleted;
        }
    }

    /** Deletes segments from the oldest while {@code deletable} holds for (oldest, the one after it). */
    private static int deleteOldest(PartitionLog log, SegmentList list, BiPredicate<Segment, Segment> deletable,
                                    String reason) {
        int deleted = 0;
        for (;;) {
            Segment[] snapshot = list.snapshot();
            if (list.isClosed() || snapshot.length < 2 || !deletable.test(snapshot[0], snapshot[1])) {
                return deleted;
            }
            Segment victim = snapshot[0];
            if (!list.dropOldest(victim)) {
                continue;
            }
            victim.retire();
            try {
                victim.deleteFiles();
            } catch (IOException e) {
                throw new UncheckedIOException("deleting segment " + victim.logPath() + " of "
                        + log.topicPartition() + " failed", e);
            }
            deleted++;
            LOG.info("deleted segment {} of {} ({}); log start offset is now {}", victim.baseOffset(),
                    log.topicPartition(), reason, list.logStartOffset());
        }
    }

    /** The segment's newest record time; a segment retired meanwhile (its log closed) counts as new. */
    private static long newestTimestamp(Segment s) {
        TimestampAndOffset largest;
        try {
            largest = s.largestTimestamp();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the timestamps of " + s.logPath() + " failed", e);
        }
        if (largest == null) {
            return Long.MAX_VALUE;
        }
        return largest.timestamp() >= 0 ? largest.timestamp() : s.lastModifiedMs();
    }
}
