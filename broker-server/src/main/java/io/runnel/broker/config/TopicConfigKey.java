package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic-level config key, with Kafka's name (such as {@code retention.ms}), what it controls, and the broker keys
 * that give its default, most precise first ({@code log.retention.ms}, {@code log.retention.minutes},
 * {@code log.retention.hours}). A topic value is parsed and checked by the rules of its first broker key, so a topic
 * and the broker accept exactly the same values, and it has that key's type {@code T}; {@code LogConfig.get(key)}
 * reads it typed. {@link #ALL} lists every topic key the broker honours: CreateTopics and IncrementalAlterConfigs
 * accept these and no others, and DescribeConfigs reports them, in name order, with {@link #format} spelling the
 * values.
 *
 * <p>To add a topic key: give it a broker key in {@link BrokerConfig} (its default, range and type), declare it
 * here, and read it where it matters with {@code LogConfig.get}. Nothing else lists the keys.
 *
 * @param <T> the type of a parsed value
 */
public final class TopicConfigKey<T> {
    /**
     * A broker key that sets this topic key's default: its value times {@code unit} (a negative value, "unlimited",
     * stays -1).
     */
    public record Synonym(ConfigKey<?> key, long unit) {
    }

    /** Every key, in declaration order: {@link #ordinal()} is the position here. Declared before the keys. */
    private static final List<TopicConfigKey<?>> DECLARED = new ArrayList<>();

    public static final TopicConfigKey<List<String>> CLEANUP_POLICY = new TopicConfigKey<>("cleanup.policy",
            "delete: old segments are removed by retention.ms and retention.bytes; compact: only the latest record of "
                    + "each key is kept; compact,delete: both.", BrokerConfig.LOG_CLEANUP_POLICY);
    public static final TopicConfigKey<Long> DELETE_RETENTION_MS = new TopicConfigKey<>("delete.retention.ms",
            "How long a tombstone (a record with a null value) survives compaction of a compacted topic.",
            BrokerConfig.LOG_CLEANER_DELETE_RETENTION_MS);
    public static final TopicConfigKey<Long> FLUSH_MESSAGES = new TopicConfigKey<>("flush.messages",
            "Force an fsync after this many records, whatever the acks.", BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES);
    public static final TopicConfigKey<Long> FLUSH_MS = new TopicConfigKey<>("flush.ms",
            "Force an fsync when the oldest unflushed record is this old, whatever the acks.",
            BrokerConfig.LOG_FLUSH_INTERVAL_MS);
    public static final TopicConfigKey<Integer> INDEX_INTERVAL_BYTES = new TopicConfigKey<>("index.interval.bytes",
            "Bytes of log between two entries of the sparse offset and time indexes.",
            BrokerConfig.LOG_INDEX_INTERVAL_BYTES);
    public static final TopicConfigKey<Integer> MAX_MESSAGE_BYTES = new TopicConfigKey<>("max.message.bytes",
            "The largest record batch (after compression) the topic accepts; larger ones get MESSAGE_TOO_LARGE.",
            BrokerConfig.MESSAGE_MAX_BYTES);
    public static final TopicConfigKey<String> MESSAGE_TIMESTAMP_TYPE = new TopicConfigKey<>(
            "message.timestamp.type", "CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch "
                    + "with the broker's clock.", BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE);
    public static final TopicConfigKey<Long> MESSAGE_TIMESTAMP_BEFORE_MAX_MS = new TopicConfigKey<>(
            "message.timestamp.before.max.ms", "With CreateTime, records more than this many ms older than the "
                    + "broker's clock are refused with INVALID_TIMESTAMP.",
            BrokerConfig.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS);
    public static final TopicConfigKey<Long> MESSAGE_TIMESTAMP_AFTER_MAX_MS = new TopicConfigKey<>(
            "message.timestamp.after.max.ms", "With CreateTime, records more than this many ms ahead of the "
                    + "broker's clock are refused with INVALID_TIMESTAMP.",
            BrokerConfig.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS);
    public static final TopicConfigKey<Double> MIN_CLEANABLE_DIRTY_RATIO = new TopicConfigKey<>(
            "min.cleanable.dirty.ratio", "A compacted topic is cleaned once this fraction of its closed segments' "
                    + "bytes is not compacted yet.", BrokerConfig.LOG_CLEANER_MIN_CLEANABLE_RATIO);
    public static final TopicConfigKey<Long> RETENTION_BYTES = new TopicConfigKey<>("retention.bytes",
            "Oldest segments of a partition are deleted while it is larger than this; -1 means no size limit.",
            BrokerConfig.LOG_RETENTION_BYTES);
    public static final TopicConfigKey<Long> RETENTION_MS = new TopicConfigKey<>("retention.ms",
            "Segments whose newest record is older than this are deleted; -1 keeps them forever.",
            BrokerConfig.LOG_RETENTION_MS, new Synonym(BrokerConfig.LOG_RETENTION_MINUTES, 60_000L),
            new Synonym(BrokerConfig.LOG_RETENTION_HOURS, 3_600_000L));
    public static final TopicConfigKey<Integer> SEGMENT_BYTES = new TopicConfigKey<>("segment.bytes",
            "Size at which a partition's active segment file is closed and a new one started.",
            BrokerConfig.LOG_SEGMENT_BYTES);
    public static final TopicConfigKey<Integer> SEGMENT_INDEX_BYTES = new TopicConfigKey<>("segment.index.bytes",
            "Size an index file is preallocated to; a segment whose index is full is rolled.",
            BrokerConfig.LOG_INDEX_SIZE_MAX_BYTES);
    public static final TopicConfigKey<Long> SEGMENT_MS = new TopicConfigKey<>("segment.ms",
            "Age at which the active segment is rolled even if it is not full.", BrokerConfig.LOG_ROLL_MS,
            new Synonym(BrokerConfig.LOG_ROLL_HOURS, 3_600_000L));

    /** Every topic key the broker honours, by name in alphabetical order (the order DescribeConfigs uses). */
    public static final List<TopicConfigKey<?>> ALL = sortedByName();

    private static final Map<String, TopicConfigKey<?>> BY_NAME = byName();

    private final String name;
    private final String documentation;
    private final ConfigKey<T> brokerKey;
    private final List<Synonym> synonyms;
    private final int ordinal;

    private TopicConfigKey(String name, String documentation, ConfigKey<T> brokerKey, Synonym... lessPrecise) {
        this.name = name;
        this.documentation = documentation;
        this.brokerKey = brokerKey;
        Synonym[] all = new Synonym[lessPrecise.length + 1];
        all[0] = new Synonym(brokerKey, 1);
        System.arraycopy(lessPrecise, 0, all, 1, lessPrecise.length);
        this.synonyms = List.of(all);
        this.ordinal = DECLARED.size();
        DECLARED.add(this);
    }

    /** The topic key with this name, or {@code null} when the broker honours none. */
    public static TopicConfigKey<?> forName(String name) {
        return BY_NAME.get(name);
    }

    /** How many topic keys there are: every {@link #ordinal()} is below this. */
    public static int count() {
        return ALL.size();
    }

    /** Kafka's topic-level name. */
    public String name() {
        return name;
    }

    /** What the key controls. */
    public String documentation() {
        return documentation;
    }

    /** The key's position among all topic keys, dense from 0: an index for arrays of values. */
    public int ordinal() {
        return ordinal;
    }

    /** The broker keys that give the default, most precise first; the first has the same unit as this key. */
    public List<Synonym> synonyms() {
        return synonyms;
    }

    /** The broker key whose rules, type and default this key shares. */
    public ConfigKey<T> brokerKey() {
        return brokerKey;
    }

    /** The kind of value. */
    public ConfigKey.Type type() {
        return brokerKey.type();
    }

    /**
     * Parses and checks a topic-level value.
     *
     * @throws ConfigException naming this key, the value and the reason
     */
    public T parse(String text) {
        return brokerKey.parseAs(name, text);
    }

    /** A parsed value as Kafka spells it (lists comma-separated), which {@link #parse} reads back as equal. */
    public String format(T value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>(list.size());
            for (Object part : list) {
                parts.add(String.valueOf(part));
            }
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    /**
     * {@code value} if this key accepts it, as one given by a program rather than parsed from text.
     *
     * @throws ConfigException naming this key, the value and the reason
     */
    public T check(T value) {
        return parse(format(value));
    }

    /** A broker key's value in this key's unit: see {@link Synonym}. */
    @SuppressWarnings("unchecked")
    T inUnit(Synonym synonym, Object value) {
        if (synonym.unit() == 1) {
            return (T) value;
        }
        long n = ((Number) value).longValue();
        return (T) Long.valueOf(n < 0 ? -1L : n * synonym.unit());
    }

    private static List<TopicConfigKey<?>> sortedByName() {
        List<TopicConfigKey<?>> sorted = new ArrayList<>(DECLARED);
        sorted.sort(Comparator.comparing(TopicConfigKey::name));
        return List.copyOf(sorted);
    }

    private static Map<String, TopicConfigKey<?>> byName() {
        Map<String, TopicConfigKey<?>> map = new LinkedHashMap<>();
        for (TopicConfigKey<?> key : ALL) {
            if (map.put(key.name, key) != null) {
                throw new IllegalStateException("topic config key defined twice: " + key.name);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return name;
    }
}
