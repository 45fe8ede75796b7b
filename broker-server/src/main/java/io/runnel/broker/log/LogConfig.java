package io.runnel.broker.log;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.ConfigKey;
import io.runnel.broker.config.TopicConfigKey;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one partition log, with Kafka's names, meanings and defaults. Immutable.
 *
 * <p>Every topic-level key of {@link TopicConfigKey#ALL} has a value here, read typed with {@link #get}; the table
 * of keys is the one place a key is defined (its broker default, parsing and range, documentation), so adding a
 * key adds nothing to this class. The broker's defaults come from its typed configuration with
 * {@link #fromBrokerConfig} (keys such as {@code log.segment.bytes}, in {@link BrokerConfig}); a topic's overrides
 * are applied on top with {@link #withTopicOverrides} (keys such as {@code segment.bytes}, which share each broker
 * key's rules). Two settings are broker-wide only: {@code log.fsync.enable} and {@code producer.id.expiration.ms}.
 * A bad value throws {@link ConfigException} naming the key, the value and why. The named getters are shorthands
 * for the keys the broker reads on its hot paths.
 */
public final class LogConfig {
    /** Per-topic key names (Kafka's). */
    public static final String SEGMENT_BYTES = TopicConfigKey.SEGMENT_BYTES.name();
    public static final String SEGMENT_MS = TopicConfigKey.SEGMENT_MS.name();
    public static final String SEGMENT_INDEX_BYTES = TopicConfigKey.SEGMENT_INDEX_BYTES.name();
    public static final String INDEX_INTERVAL_BYTES = TopicConfigKey.INDEX_INTERVAL_BYTES.name();
    public static final String RETENTION_MS = TopicConfigKey.RETENTION_MS.name();
    public static final String RETENTION_BYTES = TopicConfigKey.RETENTION_BYTES.name();
    public static final String FLUSH_MESSAGES = TopicConfigKey.FLUSH_MESSAGES.name();
    public static final String FLUSH_MS = TopicConfigKey.FLUSH_MS.name();
    public static final String CLEANUP_POLICY = TopicConfigKey.CLEANUP_POLICY.name();
    public static final String DELETE_RETENTION_MS = TopicConfigKey.DELETE_RETENTION_MS.name();
    public static final String MIN_CLEANABLE_DIRTY_RATIO = TopicConfigKey.MIN_CLEANABLE_DIRTY_RATIO.name();
    public static final String MAX_MESSAGE_BYTES = TopicConfigKey.MAX_MESSAGE_BYTES.name();
    public static final String MESSAGE_TIMESTAMP_TYPE = TopicConfigKey.MESSAGE_TIMESTAMP_TYPE.name();
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = TopicConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS.name();
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = TopicConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS.name();

    /** The topic-level keys this class understands: those of {@link TopicConfigKey#ALL}. */
    public static final Set<String> TOPIC_KEYS = topicKeyNames();

    private static final String LOG_APPEND_TIME = "LogAppendTime";
    private static final LogConfig DEFAULTS = fromBrokerConfig(BrokerConfig.defaults());

    /** The value of every topic key, by {@link TopicConfigKey#ordinal()}. */
    private final Object[] values;
    private final boolean fsyncEnabled;
    private final long producerIdExpirationMs;
    // Derived from cleanup.policy and message.timestamp.type once, as appends and retention ask on every call.
    private final boolean deleteEnabled;
    private final boolean compactEnabled;
    private final boolean logAppendTime;

    private LogConfig(Builder b) {
        this.values = b.values.clone();
        this.fsyncEnabled = b.fsyncEnabled;
        this.producerIdExpirationMs = b.producerIdExpirationMs;
        List<String> policy = get(TopicConfigKey.CLEANUP_POLICY);
        this.deleteEnabled = policy.contains("delete");
        this.compactEnabled = policy.contains("compact");
        this.logAppendTime = LOG_APPEND_TIME.equals(get(TopicConfigKey.MESSAGE_TIMESTAMP_TYPE));
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
        System.arraycopy(values, 0, b.values, 0, values.length);
        b.fsyncEnabled = fsyncEnabled;
        b.producerIdExpirationMs = producerIdExpirationMs;
        return b;
    }

    /** The log settings every topic starts from: each topic key at the broker-wide default the configuration gives. */
    public static LogConfig fromBrokerConfig(BrokerConfig config) {
        Builder b = new Builder();
        for (TopicConfigKey<?> key : TopicConfigKey.ALL) {
            b.values[key.ordinal()] = config.topicDefault(key);
        }
        b.fsyncEnabled = config.get(BrokerConfig.LOG_FSYNC_ENABLE);
        b.producerIdExpirationMs = config.get(BrokerConfig.PRODUCER_ID_EXPIRATION_MS);
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
            TopicConfigKey<?> key = TopicConfigKey.forName(e.getKey());
            if (key == null) {
                throw new ConfigException(e.getKey(), e.getValue(), "not a topic config this broker knows");
            }
            b.values[key.ordinal()] = key.parse(e.getValue());
        }
        return b.build();
    }

    /** The value of a topic key. */
    @SuppressWarnings("unchecked")
    public <T> T get(TopicConfigKey<T> key) {
        return (T) values[key.ordinal()];
    }

    /** Every topic-level key with this config's value, as Kafka spells the values, in name order. */
    public Map<String, String> toTopicConfigMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (TopicConfigKey<?> key : TopicConfigKey.ALL) {
            m.put(key.name(), formatted(key));
        }
        return m;
    }

    private <T> String formatted(TopicConfigKey<T> key) {
        return key.format(get(key));
    }

    /** segment.bytes: roll the active segment once it would grow past this many bytes. */
    public int segmentBytes() {
        return get(TopicConfigKey.SEGMENT_BYTES);
    }

    /** segment.ms: roll the active segment once it is older than this. */
    public long segmentMs() {
        return get(TopicConfigKey.SEGMENT_MS);
    }

    /** segment.index.bytes: size an index file is preallocated to; a full index rolls the segment. */
    public int segmentIndexBytes() {
        return get(TopicConfigKey.SEGMENT_INDEX_BYTES);
    }

    /** index.interval.bytes: bytes of batches between two offset-index entries. */
    public int indexIntervalBytes() {
        return get(TopicConfigKey.INDEX_INTERVAL_BYTES);
    }

    /** retention.ms: age after which a closed segment is deleted; -1 means never. */
    public long retentionMs() {
        return get(TopicConfigKey.RETENTION_MS);
    }

    /** retention.bytes: size above which the oldest closed segments are deleted; -1 means unbounded. */
    public long retentionBytes() {
        return get(TopicConfigKey.RETENTION_BYTES);
    }

    /** flush.messages: fsync once this many records are unflushed (Long.MAX_VALUE: never for that reason). */
    public long flushMessages() {
        return get(TopicConfigKey.FLUSH_MESSAGES);
    }

    /** flush.ms: fsync data that has been unflushed this long (Long.MAX_VALUE: never for that reason). */
    public long flushMs() {
        return get(TopicConfigKey.FLUSH_MS);
    }

    /** cleanup.policy contains delete: retention by time and size applies. */
    public boolean deleteEnabled() {
        return deleteEnabled;
    }

    /** cleanup.policy contains compact: the cleaner keeps the latest record per key. */
    public boolean compactEnabled() {
        return compactEnabled;
    }

    /** delete.retention.ms: how long a tombstone (null value) survives compaction, from its batch's max timestamp. */
    public long deleteRetentionMs() {
        return get(TopicConfigKey.DELETE_RETENTION_MS);
    }

    /** min.cleanable.dirty.ratio: the cleaner compacts a log once this fraction of its closed bytes is dirty. */
    public double minCleanableDirtyRatio() {
        return get(TopicConfigKey.MIN_CLEANABLE_DIRTY_RATIO);
    }

    /** max.message.bytes: the largest batch (bytes including the 12-byte log overhead) the topic accepts. */
    public int maxMessageBytes() {
        return get(TopicConfigKey.MAX_MESSAGE_BYTES);
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
        return get(TopicConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    }

    /**
     * message.timestamp.after.max.ms: with CreateTime, a record whose timestamp is more than this ahead of the
     * broker's clock is refused (INVALID_TIMESTAMP). Kafka 4's default is one hour.
     */
    public long timestampAfterMaxMs() {
        return get(TopicConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS);
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
        return o instanceof LogConfig c && Arrays.equals(values, c.values) && fsyncEnabled == c.fsyncEnabled
                && producerIdExpirationMs == c.producerIdExpirationMs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "LogConfig" + toTopicConfigMap() + " fsync=" + fsyncEnabled + " producer.id.expiration.ms="
                + producerIdExpirationMs;
    }

    /**
     * Mutable settings for a {@link LogConfig}, from {@link #builder()} or {@link #toBuilder()}. It holds no defaults
     * of its own: they are {@link BrokerConfig}'s. Every value is checked by its key's rules as it is set.
     */
    public static final class Builder {
        private final Object[] values = new Object[TopicConfigKey.count()];
        private boolean fsyncEnabled;
        private long producerIdExpirationMs;

        private Builder() {
        }

        /**
         * Sets a topic key.
         *
         * @throws ConfigException when the key's rules refuse the value
         */
        public <T> Builder set(TopicConfigKey<T> key, T value) {
            values[key.ordinal()] = key.check(value);
            return this;
        }

        public Builder segmentBytes(int v) {
            return set(TopicConfigKey.SEGMENT_BYTES, v);
        }

        public Builder segmentMs(long v) {
            return set(TopicConfigKey.SEGMENT_MS, v);
        }

        public Builder segmentIndexBytes(int v) {
            return set(TopicConfigKey.SEGMENT_INDEX_BYTES, v);
        }

        public Builder indexIntervalBytes(int v) {
            return set(TopicConfigKey.INDEX_INTERVAL_BYTES, v);
        }

        public Builder retentionMs(long v) {
            return set(TopicConfigKey.RETENTION_MS, v);
        }

        public Builder retentionBytes(long v) {
            return set(TopicConfigKey.RETENTION_BYTES, v);
        }

        public Builder flushMessages(long v) {
            return set(TopicConfigKey.FLUSH_MESSAGES, v);
        }

        public Builder flushMs(long v) {
            return set(TopicConfigKey.FLUSH_MS, v);
        }

        /** Sets cleanup.policy: delete, compact, or both. */
        public Builder cleanupPolicy(boolean delete, boolean compact) {
            if (!delete && !compact) {
                throw new IllegalArgumentException("cleanup.policy needs delete, compact or both");
            }
            return set(TopicConfigKey.CLEANUP_POLICY, delete && compact ? List.of("compact", "delete")
                    : List.of(compact ? "compact" : "delete"));
        }

        public Builder deleteRetentionMs(long v) {
            return set(TopicConfigKey.DELETE_RETENTION_MS, v);
        }

        public Builder minCleanableDirtyRatio(double v) {
            return set(TopicConfigKey.MIN_CLEANABLE_DIRTY_RATIO, v);
        }

        public Builder maxMessageBytes(int v) {
            return set(TopicConfigKey.MAX_MESSAGE_BYTES, v);
        }

        public Builder logAppendTime(boolean v) {
            return set(TopicConfigKey.MESSAGE_TIMESTAMP_TYPE, v ? LOG_APPEND_TIME : "CreateTime");
        }

        public Builder timestampBeforeMaxMs(long v) {
            return set(TopicConfigKey.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, v);
        }

        public Builder timestampAfterMaxMs(long v) {
            return set(TopicConfigKey.MESSAGE_TIMESTAMP_AFTER_MAX_MS, v);
        }

        /** producer.id.expiration.ms, a broker-wide key checked by its rules. */
        public Builder producerIdExpirationMs(long v) {
            this.producerIdExpirationMs = checked(BrokerConfig.PRODUCER_ID_EXPIRATION_MS, v);
            return this;
        }

        public Builder fsyncEnabled(boolean v) {
            this.fsyncEnabled = v;
            return this;
        }

        public LogConfig build() {
            return new LogConfig(this);
        }

        private static <T> T checked(ConfigKey<T> key, T value) {
            return key.parse(String.valueOf(value));
        }
    }

    private static Set<String> topicKeyNames() {
        String[] names = new String[TopicConfigKey.count()];
        for (TopicConfigKey<?> key : TopicConfigKey.ALL) {
            names[key.ordinal()] = key.name();
        }
        return Set.of(names);
    }
}
