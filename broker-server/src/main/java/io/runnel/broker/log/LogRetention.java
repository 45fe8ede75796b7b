package io.runnel.broker.log;

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
    private LogRetention() {
    }

    /** Applies retention to {@code log} at time {@code nowMs}; returns the number of segments deleted. */
    static int apply(PartitionLog log, long nowMs) {
        LogConfig c = log.config();
        int deleted = log.deleteOldestSegments((s, next) -> next.baseOffset() <= log.logStartOffset(),
                "below the log start offset");
        if (!c.deleteEnabled()) {
            return deleted;
        }
        if (c.retentionMs() >= 0) {
            deleted += log.deleteOldestSegments((s, next) -> nowMs - newestTimestamp(s) > c.retentionMs(),
                    "older than retention.ms=" + c.retentionMs());
        }
        if (c.retentionBytes() >= 0) {
            deleted += log.deleteOldestSegments((s, next) -> log.sizeInBytes() - s.size() >= c.retentionBytes(),
                    "beyond retention.bytes=" + c.retentionBytes());
        }
        return deleted;
    }

    private static long newestTimestamp(Segment s) {
        long ts = s.maxTimestamp();
        return ts >= 0 ? ts : s.lastModifiedMs();
    }
}
