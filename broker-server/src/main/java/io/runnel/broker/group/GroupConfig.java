package io.runnel.broker.group;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.PartitionAssignor;
import io.runnel.broker.group.assignor.RangeAssignor;
import io.runnel.broker.group.assignor.UniformAssignor;
import io.runnel.broker.group.classic.ClassicGroupConfig;
import io.runnel.broker.group.consumer.ConsumerGroupConfig;
import io.runnel.broker.group.offset.OffsetConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The group coordinator's settings: one part for each part of the coordinator (each validates its own keys, with
 * Kafka's names), and the server assignors of consumer-protocol groups. The broker fills it from its configuration
 * ({@link #from}); tests build one with {@link #builder()}.
 *
 * @param classic   classic groups: rebalance delay, session timeout bounds, size
 * @param consumer  consumer-protocol (KIP-848) groups: heartbeat interval, session timeout, size
 * @param offsets   committed offsets: retention, metadata size
 * @param assignors {@code group.consumer.assignors}: the server assignors of consumer-protocol groups, the first
 *                  being the default
 */
public record GroupConfig(ClassicGroupConfig classic, ConsumerGroupConfig consumer, OffsetConfig offsets,
                          Assignors assignors) {

    public GroupConfig {
        Objects.requireNonNull(classic, "classic");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(assignors, "assignors");
    }

    /** Every setting at its default. */
    public static GroupConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The coordinator's settings from the broker's keys (BrokerConfig checked how they bound one another). */
    public static GroupConfig from(BrokerConfig config) {
        List<PartitionAssignor> assignors = new ArrayList<>();
        for (String name : config.get(BrokerConfig.GROUP_CONSUMER_ASSIGNORS)) {
            assignors.add(name.equals("range") ? new RangeAssignor() : new UniformAssignor());
        }
        return builder()
                .initialRebalanceDelayMs(config.get(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS))
                .minSessionTimeoutMs(config.get(BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS))
                .maxSessionTimeoutMs(config.get(BrokerConfig.GROUP_MAX_SESSION_TIMEOUT_MS))
                .maxSize(config.get(BrokerConfig.GROUP_MAX_SIZE))
                .offsetsRetentionMinutes(config.get(BrokerConfig.OFFSETS_RETENTION_MINUTES))
                .offsetsRetentionCheckIntervalMs(config.get(BrokerConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS))
                .offsetMetadataMaxBytes(config.get(BrokerConfig.OFFSET_METADATA_MAX_BYTES))
                .consumer(new ConsumerGroupConfig(config.get(BrokerConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS),
                        config.get(BrokerConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS),
                        config.get(BrokerConfig.GROUP_CONSUMER_MAX_SIZE)))
                .assignors(new Assignors(assignors))
                .build();
    }

    /** Builds a {@link GroupConfig}, every setting starting at its default. */
    public static final class Builder {
        private int initialRebalanceDelayMs = ClassicGroupConfig.DEFAULT_INITIAL_REBALANCE_DELAY_MS;
        private int minSessionTimeoutMs = ClassicGroupConfig.DEFAULT_MIN_SESSION_TIMEOUT_MS;
        private int maxSessionTimeoutMs = ClassicGroupConfig.DEFAULT_MAX_SESSION_TIMEOUT_MS;
        private int maxSize = ClassicGroupConfig.DEFAULT_MAX_SIZE;
        private int newMemberJoinTimeoutMs = ClassicGroupConfig.DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS;
        private long offsetsRetentionMs = OffsetConfig.DEFAULT_RETENTION_MS;
        private long offsetsRetentionCheckIntervalMs = OffsetConfig.DEFAULT_RETENTION_CHECK_INTERVAL_MS;
        private int offsetMetadataMaxBytes = OffsetConfig.DEFAULT_METADATA_MAX_BYTES;
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
            return new GroupConfig(new ClassicGroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs,
                    maxSessionTimeoutMs, maxSize, newMemberJoinTimeoutMs),
                    consumer,
                    new OffsetConfig(offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetMetadataMaxBytes),
                    assignors);
        }
    }
}
