package io.runnel.broker.group;

import io.runnel.broker.group.assignor.Assignors;

import java.util.Objects;

/**
 * The group coordinator's settings, with Kafka's key names. The broker configuration fills it; tests build one
 * with {@link #builder()}.
 *
 * <p>Defaults that differ from Kafka's, and why:
 * <ul>
 *   <li>{@code group.initial.rebalance.delay.ms} is 500 ms (Kafka: 3000 ms). The delay lets consumers started
 *       together join one rebalance instead of several; half a second covers a deployment starting its consumers
 *       at once without making every new group, and every test, wait three seconds.</li>
 *   <li>{@code group.min.session.timeout.ms} is 1000 ms (Kafka: 6000 ms), so tests and latency-sensitive users can
 *       detect a dead member within seconds.</li>
 * </ul>
 *
 * @param initialRebalanceDelayMs   {@code group.initial.rebalance.delay.ms}: how long the first rebalance of an
 *                                  empty group waits for more members; each new member extends it once more, up to
 *                                  the rebalance timeout; 0 disables the delay
 * @param minSessionTimeoutMs       {@code group.min.session.timeout.ms}: smallest session timeout a member may ask
 * @param maxSessionTimeoutMs       {@code group.max.session.timeout.ms}: largest session timeout a member may ask
 * @param maxSize                   {@code group.max.size}: members one classic group may have
 * @param newMemberJoinTimeoutMs    how long a member that joined for the first time may wait in a rebalance
 *                                  without heartbeating before it is dropped (Kafka's fixed 5 minutes)
 * @param offsetsRetentionMs        {@code offsets.retention.minutes} in ms: committed offsets of an empty group
 *                                  are deleted this long after the group became empty (or after the commit, for
 *                                  groups that only store offsets)
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}: how often expired offsets
 *                                  and empty groups are cleaned up
 * @param offsetMetadataMaxBytes    {@code offset.metadata.max.bytes}: longest metadata string a commit may carry
 * @param consumer                  the settings of consumer-protocol (KIP-848) groups
 * @param assignors                 {@code group.consumer.assignors}: the server assignors of consumer-protocol
 *                                  groups, the first being the default
 */
public record GroupConfig(
        int initialRebalanceDelayMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxSize,
        int newMemberJoinTimeoutMs,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int offsetMetadataMaxBytes,
        ConsumerGroupConfig consumer,
        Assignors assignors) {

    public static final int DEFAULT_INITIAL_REBALANCE_DELAY_MS = 500;
    public static final int DEFAULT_MIN_SESSION_TIMEOUT_MS = 1_000;
    public static final int DEFAULT_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_MAX_SIZE = Integer.MAX_VALUE;
    public static final int DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;
    public static final long DEFAULT_OFFSETS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;
    public static final int DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;

    /** Checks every value; a bad one throws naming the key, the value and the reason. */
    public GroupConfig {
        requireAtLeast("group.initial.rebalance.delay.ms", initialRebalanceDelayMs, 0);
        requireAtLeast("group.min.session.timeout.ms", minSessionTimeoutMs, 1);
        requireAtLeast("group.max.session.timeout.ms", maxSessionTimeoutMs, 1);
        if (maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("group.max.session.timeout.ms=" + maxSessionTimeoutMs
                    + " is below group.min.session.timeout.ms=" + minSessionTimeoutMs);
        }
        requireAtLeast("group.max.size", maxSize, 1);
        requireAtLeast("group.new.member.join.timeout.ms", newMemberJoinTimeoutMs, 1);
        requireAtLeast("offsets.retention.minutes (as ms)", offsetsRetentionMs, 1);
        requireAtLeast("offsets.retention.check.interval.ms", offsetsRetentionCheckIntervalMs, 1);
        requireAtLeast("offset.metadata.max.bytes", offsetMetadataMaxBytes, 0);
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(assignors, "assignors");
    }

    /** Every setting at its default. */
    public static GroupConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + "=" + value + " must be at least " + min);
        }
    }

    /** Builds a {@link GroupConfig}, every setting starting at its default. */
    public static final class Builder {
        private int initialRebalanceDelayMs = DEFAULT_INITIAL_REBALANCE_DELAY_MS;
        private int minSessionTimeoutMs = DEFAULT_MIN_SESSION_TIMEOUT_MS;
        private int maxSessionTimeoutMs = DEFAULT_MAX_SESSION_TIMEOUT_MS;
        private int maxSize = DEFAULT_MAX_SIZE;
        private int newMemberJoinTimeoutMs = DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS;
        private long offsetsRetentionMs = DEFAULT_OFFSETS_RETENTION_MS;
        private long offsetsRetentionCheckIntervalMs = DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS;
        private int offsetMetadataMaxBytes = DEFAULT_OFFSET_METADATA_MAX_BYTES;
        private ConsumerGroupConfig consumer = ConsumerGroupConfig.defaults();
        private Assignors assignors = Assignors.standard();

        private Builder() {
        }

        public Builder initialRebalanceDelayMs(int value) {
            this.initialRebalanceDelayMs = value;
            return this;
        }

        public Builder minSessionTimeoutMs(int value) {
            this.minSessionTimeoutMs = value;
            return this;
        }

        public Builder maxSessionTimeoutMs(int value) {
            this.maxSessionTimeoutMs = value;
            return this;
        }

        public Builder maxSize(int value) {
            this.maxSize = value;
            return this;
        }

        public Builder newMemberJoinTimeoutMs(int value) {
            this.newMemberJoinTimeoutMs = value;
            return this;
        }

        public Builder offsetsRetentionMinutes(long minutes) {
            this.offsetsRetentionMs = minutes * 60_000L;
            return this;
        }

        public Builder offsetsRetentionMs(long value) {
            this.offsetsRetentionMs = value;
            return this;
        }

        public Builder offsetsRetentionCheckIntervalMs(long value) {
            this.offsetsRetentionCheckIntervalMs = value;
            return this;
        }

        public Builder offsetMetadataMaxBytes(int value) {
            this.offsetMetadataMaxBytes = value;
            return this;
        }

        public Builder consumer(ConsumerGroupConfig value) {
            this.consumer = value;
            return this;
        }

        public Builder assignors(Assignors value) {
            this.assignors = value;
            return this;
        }

        public GroupConfig build() {
            return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, maxSize,
                    newMemberJoinTimeoutMs, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                    offsetMetadataMaxBytes, consumer, assignors);
        }
    }
}
