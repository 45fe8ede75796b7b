package io.runnel.broker.log;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.TopicConfigKey;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one partition log, with Kafka's names, meanings and defaults. Immutable.
 *
 * <p>The broker's defaults come from its typed configuration with {@link #fromBrokerConfig} (keys such as
 * {@code log.segment.bytes}, defined in {@link BrokerConfig}); a topic's overrides are applied on top with
 * {@link #withTopicOverrides} (keys such as {@code segment.bytes}, defined in {@link TopicConfigKey}, which shares
 * each broker key's rules). A bad value throws {@link ConfigException} naming the key, the value and why.
 */
public final class LogConfig {
    /** Per-topic key names (Kafka's), in the order DescribeConfigs lists them. */
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";

    /** The topic-level keys this class understands: those of {@link TopicConfigKey#ALL}. */
    public static final Set<String> TOPIC_KEYS = topicKeyNames();

    private static final LogConfig DEFAULTS = fromBrokerConfig(BrokerConfig.defaults());

    private final int segmentBytes;
    private final long segmentMs;
    private final int segmentIndexBytes;
    private final int indexIntervalBytes;
    private final long retentionMs;
    private final long retentionBytes;
    private final long flushMessages;
    private final long flushMs;
    private final boolean deleteEnabled;
    private final boolean compactEnabled;
    private final long deleteRetentionMs;
    private final double minCleanableDirtyRatio;
    private final int maxMessageBytes;
    private final boolean logAppendTime;
    private final long timestampBeforeMaxMs;
    private final long timestampAfterMaxMs;
    private final boolean fsyncEnabled;
    private final long producerIdExpirationMs;

    private LogConfig(Builder b) {
        this.segmentBytes = b.segmentBytes;
        this.segmentMs = b.segmentMs;
        this.segmentIndexBytes = b.segmentIndexBytes;
        this.indexIntervalBytes = b.indexIntervalBytes;
        this.retentionMs = b.retentionMs;
        this.retentionBytes = b.retentionBytes;
        this.flushMessages = b.flushMessages;
        this.flushMs = b.flushMs;
        this.deleteEnabled = b.deleteEnabled;
        this.compactEnabled = b.compactEnabled;
        this.deleteRetentionMs = b.deleteRetentionMs;
        this.minCleanableDirtyRatio = b.minCleanableDirtyRatio;
        this.maxMessageBytes = b.maxMessageBytes;
        this.logAppendTime = b.logAppendTime;
        this.timestampBeforeMaxMs = b.timestampBeforeMaxMs;
        this.timestampAfterMaxMs = b.timestampAfterMaxMs;
        this.fsyncEnabled = b.fsyncEnabled;
        this.producerIdExpirationMs = b.producerIdExpirationMs;
    }

    /** The broker's defaults ({@link BrokerConfig#defaults()}): Kafka's, with fsync on. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.segmentBytes = segmentBytes;
        b.segmentMs = segmentMs;
        b.segmentIndexBytes = segmentIndexBytes;
        b.indexIntervalBytes = indexIntervalBytes;
        b.retentionMs = retentionMs;
        b.retentionBytes = retentionBytes;
        b.flushMessages = flushMessages;
        b.flushMs = flushMs;
        b.deleteEnabled = deleteEnabled;
        b.compactEnabled = compactEnabled;
        b.deleteRetentionMs = deleteRetentionMs;
        b.minCleanableDirtyRatio = minCleanableDirtyRatio;
        b.maxMessageBytes = maxMessageBytes;
        b.logAppendTime = logAppendTime;
        b.timestampBeforeMaxMs = timestampBeforeMaxMs;
        b.timestampAfterMaxMs = timestampAfterMaxMs;
        b.fsyncEnabled = fsyncEnabled;
        b.producerIdExpirationMs = producerIdExpirationMs;
        return b;
    }

    /** The log settings every topic starts from: each topic key at the broker-wide default the configuration gives. */
    public static LogConfig fromBrokerConfig(BrokerConfig config) {
        Builder b = new Builder();
        for (TopicConfigKey key : TopicConfigKey.ALL) {
            LogConfigParser.apply(b, key, config.topicDefault(key));
        }
        b.fsyncEnabled(config.get(BrokerConfig.LOG_FSYNC_ENABLE));
        b.producerIdExpirationMs(config.get(BrokerConfig.PRODUCER_ID_EXPIRATION_MS));
        return b.build();
    }

    /**
     * As {@link #fromBrokerConfig} for broker properties as text ({@code log.segment.bytes}, {@code log.roll.hours},
     * ...); keys that are not log keys are ignored.
     *
     * @throws ConfigException for a bad value
     */
    public static LogConfig fromBrokerProperties(Map<String, String> props) {
        return fromBrokerConfig(BrokerConfig.of(props));
    }

    /**
     * This config with a topic's overrides (topic-level key names) applied.
     *
     * @throws ConfigException for a key the broker does not honour or a bad value
     */
    public LogConfig withTopicOverrides(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            TopicConfigKey key = TopicConfigKey.forName(e.getKey());
            if (key == null) {
                throw new ConfigException(e.getKey(), e.getValue(), "not a topic config this broker knows");
            }
            LogConfigParser.apply(b, key, key.parse(e.getValue()));
        }
        return b.build();
    }

    /** Every topic-level key with this config's value, as Kafka spells the values. */
    public Map<String, String> toTopicConfigMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CLEANUP_POLICY, cleanupPolicyString());
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(FLUSH_MESSAGES, Long.toString(flushMessages));
        m.put(FLUSH_MS, Long.toString(flushMs));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(MESSAGE_TIMESTAMP_AFTER_MAX_MS, Long.toString(timestampAfterMaxMs));
        m.put(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, Long.toString(timestampBeforeMaxMs));
        m.put(MESSAGE_TIMESTAMP_TYPE, logAppendTime ? "LogAppendTime" : "CreateTime");
        m.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        return m;
    }

    private String cleanupPolicyString() {
        if (deleteEnabled && compactEnabled) {
            return "compact,delete";
        }
        return compactEnabled ? "compact" : "delete";
    }

    /** Roll the active segment once it would grow past this many bytes. */
    public int segmentBytes() {
        return segmentBytes;
    }

    /** Roll the active segment once its first batch is older than this. */
    public long segmentMs() {
        return segmentMs;
    }

    /** Size an index file is preallocated to; a full index rolls the segment. */
    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    /** Bytes of batches between two offset-index entries. */
    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    /** Age after which a closed segment is deleted; -1 means never. */
    public long retentionMs() {
        return retentionMs;
    }

    /** Size above which the oldest closed segments are deleted; -1 means unbounded. */
    public long retentionBytes() {
        return retentionBytes;
    }

    /** Kafka's flush.messages: fsync once this many records are unflushed (Long.MAX_VALUE: never for that reason). */
    public long flushMessages() {
        return flushMessages;
    }

    /** Kafka's flush.ms: fsync data that has been unflushed this long (Long.MAX_VALUE: never for that reason). */
    public long flushMs() {
        return flushMs;
    }

    /** cleanup.policy contains delete: retention by time and size applies. */
    public boolean deleteEnabled() {
        return deleteEnabled;
    }

    /** cleanup.policy contains compact: the cleaner keeps the latest record per key. */
    public boolean compactEnabled() {
        return compactEnabled;
    }

    /** How long a tombstone (null value) survives compaction, from its batch's max timestamp. */
    public long deleteRetentionMs() {
        return deleteRetentionMs;
    }

    /** The cleaner compacts a log once this fraction of its closed bytes is dirty (not yet compacted). */
    public double minCleanableDirtyRatio() {
        return minCleanableDirtyRatio;
    }

    /** The largest batch (bytes including the 12-byte log overhead) the topic accepts. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** message.timestamp.type=LogAppendTime: the log stamps each batch with its append time. */
    public boolean logAppendTime() {
        return logAppendTime;
    }

    /**
     * message.timestamp.before.max.ms: with CreateTime, a record whose timestamp is more than this older than the
     * broker's clock is refused (INVALID_TIMESTAMP). Kafka's default, Long.MAX_VALUE, accepts any past time.
     */
    public long timestampBeforeMaxMs() {
        return timestampBeforeMaxMs;
    }

    /**
     * message.timestamp.after.max.ms: with CreateTime, a record whose timestamp is more than this ahead of the
     * broker's clock is refused (INVALID_TIMESTAMP). Kafka 4's default is one hour.
     */
    public long timestampAfterMaxMs() {
        return timestampAfterMaxMs;
    }

    /** producer.id.expiration.ms (broker-wide): a producer's idempotence state is dropped this long after its last batch. */
    public long producerIdExpirationMs() {
        return producerIdExpirationMs;
    }

    /** Whether acks=all appends are acknowledged after an fsync (true) or once written to the OS (false). */
    public boolean fsyncEnabled() {
        return fsyncEnabled;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogConfig c && toTopicConfigMap().equals(c.toTopicConfigMap())
                && fsyncEnabled == c.fsyncEnabled && producerIdExpirationMs == c.producerIdExpirationMs;
    }

    @Override
    public int hashCode() {
        return toTopicConfigMap().hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + toTopicConfigMap() + " fsync=" + fsyncEnabled + " producer.id.expiration.ms="
                + producerIdExpirationMs;
    }

    /**
     * Mutable settings for a {@link LogConfig}, from {@link #builder()} or {@link #toBuilder()}. It holds no defaults
     * of its own: they are {@link BrokerConfig}'s.
     */
    public static final class Builder {
        private int segmentBytes;
        private long segmentMs;
        private int segmentIndexBytes;
        private int indexIntervalBytes;
        private long retentionMs;
        private long retentionBytes;
        private long flushMessages;
        private long flushMs;
        private boolean deleteEnabled;
        private boolean compactEnabled;
        private long deleteRetentionMs;
        private double minCleanableDirtyRatio;
        private int maxMessageBytes;
        private boolean logAppendTime;
        private long timestampBeforeMaxMs;
        private long timestampAfterMaxMs;
        private boolean fsyncEnabled;
        private long producerIdExpirationMs;

        private Builder() {
        }

        public Builder segmentBytes(int v) {
            this.segmentBytes = v;
            return this;
        }

        public Builder segmentMs(long v) {
            this.segmentMs = v;
            return this;
        }

        public Builder segmentIndexBytes(int v) {
            this.segmentIndexBytes = v;
            return this;
        }

        public Builder indexIntervalBytes(int v) {
            this.indexIntervalBytes = v;
            return this;
        }

        public Builder retentionMs(long v) {
            this.retentionMs = v;
            return this;
        }

        public Builder retentionBytes(long v) {
            this.retentionBytes = v;
            return this;
        }

        public Builder flushMessages(long v) {
            this.flushMessages = v;
            return this;
        }

        public Builder flushMs(long v) {
            this.flushMs = v;
            return this;
        }

        /** Sets cleanup.policy: delete, compact, or both. */
        public Builder cleanupPolicy(boolean delete, boolean compact) {
            if (!delete && !compact) {
                throw new IllegalArgumentException("cleanup.policy needs delete, compact or both");
            }
            this.deleteEnabled = delete;
            this.compactEnabled = compact;
            return this;
        }

        public Builder deleteRetentionMs(long v) {
            this.deleteRetentionMs = v;
            return this;
        }

        public Builder minCleanableDirtyRatio(double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("config " + MIN_CLEANABLE_DIRTY_RATIO + "=" + v
                        + " is outside 0..1");
            }
            this.minCleanableDirtyRatio = v;
            return this;
        }

        public Builder maxMessageBytes(int v) {
            this.maxMessageBytes = v;
            return this;
        }

        public Builder logAppendTime(boolean v) {
            this.logAppendTime = v;
            return this;
        }

        public Builder timestampBeforeMaxMs(long v) {
            this.timestampBeforeMaxMs = v;
            return this;
        }

        public Builder timestampAfterMaxMs(long v) {
            this.timestampAfterMaxMs = v;
            return this;
        }

        public Builder producerIdExpirationMs(long v) {
            this.producerIdExpirationMs = v;
            return this;
        }

        public Builder fsyncEnabled(boolean v) {
            this.fsyncEnabled = v;
            return this;
        }

        public LogConfig build() {
            if (segmentBytes < 14) {
                throw new IllegalArgumentException("config segment.bytes=" + segmentBytes + " is below 14");
            }
            if (segmentIndexBytes < TimeIndex.ENTRY_SIZE) {
                throw new IllegalArgumentException(
                        "config segment.index.bytes=" + segmentIndexBytes + " cannot hold one index entry");
            }
            if (indexIntervalBytes < 0 || segmentMs < 1 || retentionMs < -1 || retentionBytes < -1
                    || flushMessages < 1 || flushMs < 0 || deleteRetentionMs < 0 || maxMessageBytes < 0
                    || timestampBeforeMaxMs < 0 || timestampAfterMaxMs < 0 || producerIdExpirationMs < 1) {
                throw new IllegalArgumentException("log config out of range: index.interval.bytes="
                        + indexIntervalBytes + " segment.ms=" + segmentMs + " retention.ms=" + retentionMs
                        + " retention.bytes=" + retentionBytes + " flush.messages=" + flushMessages + " flush.ms="
                        + flushMs + " delete.retention.ms=" + deleteRetentionMs + " max.message.bytes="
                        + maxMessageBytes + " message.timestamp.before.max.ms=" + timestampBeforeMaxMs
                        + " message.timestamp.after.max.ms=" + timestampAfterMaxMs + " producer.id.expiration.ms="
                        + producerIdExpirationMs);
            }
            return new LogConfig(this);
        }
    }

    private static Set<String> topicKeyNames() {
        Set<String> names = new LinkedHashSet<>();
        for (TopicConfigKey key : TopicConfigKey.ALL) {
            names.add(key.name());
        }
        return Set.copyOf(names);
    }
}
