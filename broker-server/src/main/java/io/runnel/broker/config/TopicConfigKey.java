package io.runnel.broker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic-level config key, with Kafka's name (such as {@code retention.ms}), and the broker keys that give its
 * default, most precise first ({@code log.retention.ms}, {@code log.retention.minutes}, {@code log.retention.hours}).
 * A topic value is parsed and checked by the rules of its first broker key, so a topic and the broker accept
 * exactly the same values. {@link #ALL} lists every topic key the broker honours: CreateTopics and
 * IncrementalAlterConfigs accept these and no others, and DescribeConfigs reports them.
 *
 * <p>To add a topic key: add its broker key to {@link BrokerConfig}, a line to {@link #ALL}, and apply the value in
 * {@code io.runnel.broker.log.LogConfigParser}.
 */
public final class TopicConfigKey {
    /**
     * A broker key that sets this topic key's default: its value times {@code unit} (a negative value, "unlimited",
     * stays -1).
     */
    public record Synonym(ConfigKey<?> key, long unit) {
    }

    public static final TopicConfigKey CLEANUP_POLICY = new TopicConfigKey("cleanup.policy",
            "delete: old segments are removed by retention.ms and retention.bytes; compact: only the latest record of "
                    + "each key is kept; compact,delete: both.", BrokerConfig.LOG_CLEANUP_POLICY);
    public static final TopicConfigKey DELETE_RETENTION_MS = new TopicConfigKey("delete.retention.ms",
            "How long a tombstone (a record with a null value) survives compaction of a compacted topic.",
            BrokerConfig.LOG_CLEANER_DELETE_RETENTION_MS);
    public static final TopicConfigKey FLUSH_MESSAGES = new TopicConfigKey("flush.messages",
            "Force an fsync after this many records, whatever the acks.", BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES);
    public static final TopicConfigKey FLUSH_MS = new TopicConfigKey("flush.ms",
            "Force an fsync when the oldest unflushed record is this old, whatever the acks.",
            BrokerConfig.LOG_FLUSH_INTERVAL_MS);
    public static final TopicConfigKey INDEX_INTERVAL_BYTES = new TopicConfigKey("index.interval.bytes",
            "Bytes of log between two entries of the sparse offset and time indexes.",
            BrokerConfig.LOG_INDEX_INTERVAL_BYTES);
    public static final TopicConfigKey MAX_MESSAGE_BYTES = new TopicConfigKey("max.message.bytes",
            "The largest record batch (after compression) the topic accepts; larger ones get MESSAGE_TOO_LARGE.",
            BrokerConfig.MESSAGE_MAX_BYTES);
    public static final TopicConfigKey MESSAGE_TIMESTAMP_TYPE = new TopicConfigKey("message.timestamp.type",
            "CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch with the broker's clock.",
            BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE);
    public static final TopicConfigKey MESSAGE_TIMESTAMP_BEFORE_MAX_MS = new TopicConfigKey(
            "message.timestamp.before.max.ms", "With CreateTime, records more than this many ms older than the "
                    + "broker's clock are refused with INVALID_TIMESTAMP.",
            BrokerConfig.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    public static final TopicConfigKey MESSAGE_TIMESTAMP_AFTER_MAX_MS = new TopicConfigKey(
            "message.timestamp.after.max.ms", "With CreateTime, records more than this many ms ahead of the "
                    + "broker's clock are refused with INVALID_TIMESTAMP.",
            BrokerConfig.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    public static final TopicConfigKey MIN_CLEANABLE_DIRTY_RATIO = new TopicConfigKey("min.cleanable.dirty.ratio",
            "A compacted topic is cleaned once this fraction of its closed segments' bytes is not compacted yet.",
            BrokerConfig.LOG_CLEANER_MIN_CLEANABLE_RATIO);
    public static final TopicConfigKey RETENTION_BYTES = new TopicConfigKey("retention.bytes",
            "Oldest segments of a partition are deleted while it is larger than this; -1 means no size limit.",
            BrokerConfig.LOG_RETENTION_BYTES);
    public static final TopicConfigKey RETENTION_MS = new TopicConfigKey("retention.ms",
            "Segments whose newest record is older than this are deleted; -1 keeps them forever.",
            BrokerConfig.LOG_RETENTION_MS, new Synonym(BrokerConfig.LOG_RETENTION_MINUTES, 60_000L),
            new Synonym(BrokerConfig.LOG_RETENTION_HOURS, 3_600_000L));
    public static final TopicConfigKey SEGMENT_BYTES = new TopicConfigKey("segment.bytes",
            "Size at which a partition's active segment file is closed and a new one started.",
            BrokerConfig.LOG_SEGMENT_BYTES);
    public static final TopicConfigKey SEGMENT_INDEX_BYTES = new TopicConfigKey("segment.index.bytes",
            "Size an index file is preallocated to; a segment whose index is full is rolled.",
            BrokerConfig.LOG_INDEX_SIZE_MAX_BYTES);
    public static final TopicConfigKey SEGMENT_MS = new TopicConfigKey("segment.ms",
            "Age at which the active segment is rolled even if it is not full.", BrokerConfig.LOG_ROLL_MS,
            new Synonym(BrokerConfig.LOG_ROLL_HOURS, 3_600_000L));

    /** Every topic key the broker honours, by name in alphabetical order (the order DescribeConfigs uses). */
    public static final List<TopicConfigKey> ALL = List.of(CLEANUP_POLICY, DELETE_RETENTION_MS, FLUSH_MESSAGES,
            FLUSH_MS, INDEX_INTERVAL_BYTES, MAX_MESSAGE_BYTES, MESSAGE_TIMESTAMP_AFTER_MAX_MS,
            MESSAGE_TIMESTAMP_BEFORE_MAX_MS, MESSAGE_TIMESTAMP_TYPE, MIN_CLEANABLE_DIRTY_RATIO,
            RETENTION_BYTES, RETENTION_MS, SEGMENT_BYTES, SEGMENT_INDEX_BYTES, SEGMENT_MS);

    private static final Map<String, TopicConfigKey> BY_NAME = byName();

    private final String name;
    private final String documentation;
    private final List<Synonym> synonyms;

    private TopicConfigKey(String name, String documentation, ConfigKey<?> brokerKey, Synonym... lessPrecise) {
        this.name = name;
        this.documentation = documentation;
        Synonym[] all = new Synonym[lessPrecise.length + 1];
        all[0] = new Synonym(brokerKey, 1);
        System.arraycopy(lessPrecise, 0, all, 1, lessPrecise.length);
        this.synonyms = List.of(all);
    }

    /** The topic key with this name, or {@code null} when the broker honours none. */
    public static TopicConfigKey forName(String name) {
        return BY_NAME.get(name);
    }

    /** Kafka's topic-level name. */
    public String name() {
        return name;
    }

    /** What the key controls. */
    public String documentation() {
        return documentation;
    }

    /** The broker keys that give the default, most precise first; the first has the same unit as this key. */
    public List<Synonym> synonyms() {
        return synonyms;
    }

    /** The broker key whose rules and default this key shares. */
    public ConfigKey<?> brokerKey() {
        return synonyms.get(0).key();
    }

    /** The kind of value. */
    public ConfigKey.Type type() {
        return brokerKey().type();
    }

    /**
     * Parses and checks a topic-level value.
     *
     * @throws ConfigException naming this key, the value and the reason
     */
    public Object parse(String text) {
        return brokerKey().parseAs(name, text);
    }

    /** A synonym's value in this key's unit. */
    static Object inUnit(Synonym synonym, Object value) {
        if (synonym.unit() == 1) {
            return value;
        }
        long n = ((Number) value).longValue();
        return n < 0 ? -1L : n * synonym.unit();
    }

    private static Map<String, TopicConfigKey> byName() {
        Map<String, TopicConfigKey> map = new LinkedHashMap<>();
        for (TopicConfigKey key : ALL) {
            map.put(key.name, key);
        }
        return map;
    }

    @Override
    public String toString() {
        return name;
    }
}
