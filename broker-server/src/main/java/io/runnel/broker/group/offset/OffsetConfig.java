package io.runnel.broker.group.offset;

/**
 * Settings of committed offsets, with Kafka's key names and defaults.
 *
 * @param retentionMs              {@code offsets.retention.minutes} in ms: committed offsets of an empty group are
 *                                 deleted this long after the group became empty (or after the commit, for groups
 *                                 that only store offsets)
 * @param retentionCheckIntervalMs {@code offsets.retention.check.interval.ms}: how often expired offsets and empty
 *                                 groups are cleaned up
 * @param metadataMaxBytes         {@code offset.metadata.max.bytes}: longest metadata string a commit may carry
 */
public record OffsetConfig(long retentionMs, long retentionCheckIntervalMs, int metadataMaxBytes) {

    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_CHECK_INTERVAL_MS = 600_000;
    public static final int DEFAULT_METADATA_MAX_BYTES = 4096;

    /** Checks every value; a bad one throws naming the key, the value and the reason. */
    public OffsetConfig {
        requireAtLeast("offsets.retention.minutes (as ms)", retentionMs, 1);
        requireAtLeast("offsets.retention.check.interval.ms", retentionCheckIntervalMs, 1);
        requireAtLeast("offset.metadata.max.bytes", metadataMaxBytes, 0);
    }

    /** Kafka's defaults. */
    public static OffsetConfig defaults() {
        return new OffsetConfig(DEFAULT_RETENTION_MS, DEFAULT_RETENTION_CHECK_INTERVAL_MS,
                DEFAULT_METADATA_MAX_BYTES);
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + "=" + value + " must be at least " + min);
        }
    }
}
