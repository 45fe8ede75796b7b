package io.runnel.broker.log;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import static io.runnel.broker.log.LogConfig.CLEANUP_POLICY;
import static io.runnel.broker.log.LogConfig.DELETE_RETENTION_MS;
import static io.runnel.broker.log.LogConfig.FLUSH_MESSAGES;
import static io.runnel.broker.log.LogConfig.FLUSH_MS;
import static io.runnel.broker.log.LogConfig.FSYNC_ENABLE;
import static io.runnel.broker.log.LogConfig.INDEX_INTERVAL_BYTES;
import static io.runnel.broker.log.LogConfig.MAX_MESSAGE_BYTES;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_TYPE;
import static io.runnel.broker.log.LogConfig.PRODUCER_ID_EXPIRATION_MS;
import static io.runnel.broker.log.LogConfig.MIN_CLEANABLE_DIRTY_RATIO;
import static io.runnel.broker.log.LogConfig.RETENTION_BYTES;
import static io.runnel.broker.log.LogConfig.RETENTION_MS;
import static io.runnel.broker.log.LogConfig.SEGMENT_BYTES;
import static io.runnel.broker.log.LogConfig.SEGMENT_INDEX_BYTES;
import static io.runnel.broker.log.LogConfig.SEGMENT_MS;

/**
 * Parses {@link LogConfig} values from strings, as Kafka spells them, for both the broker-wide keys
 * ({@code log.segment.bytes}, ...) and the topic keys ({@code segment.bytes}, ...). Errors name the key, the value
 * and the rule.
 */
final class LogConfigParser {
    /** Broker-wide key for each topic key, where the names differ. */
    static final Map<String, String> BROKER_KEYS = Map.ofEntries(
            Map.entry("log.segment.bytes", SEGMENT_BYTES),
            Map.entry("log.roll.ms", SEGMENT_MS),
            Map.entry("log.index.size.max.bytes", SEGMENT_INDEX_BYTES),
            Map.entry("log.index.interval.bytes", INDEX_INTERVAL_BYTES),
            Map.entry("log.retention.ms", RETENTION_MS),
            Map.entry("log.retention.bytes", RETENTION_BYTES),
            Map.entry("log.flush.interval.messages", FLUSH_MESSAGES),
            Map.entry("log.flush.interval.ms", FLUSH_MS),
            Map.entry("log.cleanup.policy", CLEANUP_POLICY),
            Map.entry("log.cleaner.delete.retention.ms", DELETE_RETENTION_MS),
            Map.entry("log.cleaner.min.cleanable.ratio", MIN_CLEANABLE_DIRTY_RATIO),
            Map.entry("message.max.bytes", MAX_MESSAGE_BYTES),
            Map.entry("log.message.timestamp.type", MESSAGE_TIMESTAMP_TYPE),
            Map.entry("log.message.timestamp.before.max.ms", MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
            Map.entry("log.message.timestamp.after.max.ms", MESSAGE_TIMESTAMP_AFTER_MAX_MS));

    private LogConfigParser() {
    }

    /** Applies every broker-wide log key present in {@code props}; the most precise unit wins, as in Kafka. */
    static void applyBrokerProperties(LogConfig.Builder b, Map<String, String> props) {
        hoursOrMs(props, "log.roll.hours", 3_600_000L).ifPresent(b::segmentMs);
        hoursOrMs(props, "log.retention.hours", 3_600_000L).ifPresent(b::retentionMs);
        hoursOrMs(props, "log.retention.minutes", 60_000L).ifPresent(b::retentionMs);
        for (Map.Entry<String, String> e : BROKER_KEYS.entrySet()) {
            String value = props.get(e.getKey());
            if (value != null) {
                set(b, e.getKey(), e.getValue(), value);
            }
        }
        String fsync = props.get(FSYNC_ENABLE);
        if (fsync != null) {
            b.fsyncEnabled(parseBoolean(FSYNC_ENABLE, fsync));
        }
        String expiration = props.get(PRODUCER_ID_EXPIRATION_MS);
        if (expiration != null) {
            b.producerIdExpirationMs(parseLong(PRODUCER_ID_EXPIRATION_MS, expiration, 1, Long.MAX_VALUE));
        }
    }

    private static OptionalLong hoursOrMs(Map<String, String> props, String key, long unitMs) {
        String value = props.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseLong(key, value, 1, Long.MAX_VALUE / unitMs) * unitMs);
    }

    /** Sets the setting of topic key {@code topicKey} from {@code value}; {@code key} is the name the user wrote. */
    static void set(LogConfig.Builder b, String key, String topicKey, String value) {
        switch (topicKey) {
            case SEGMENT_BYTES -> b.segmentBytes((int) parseLong(key, value, 14, Integer.MAX_VALUE));
            case SEGMENT_MS -> b.segmentMs(parseLong(key, value, 1, Long.MAX_VALUE));
            case SEGMENT_INDEX_BYTES -> b.segmentIndexBytes((int) parseLong(key, value, 4, Integer.MAX_VALUE));
            case INDEX_INTERVAL_BYTES -> b.indexIntervalBytes((int) parseLong(key, value, 0, Integer.MAX_VALUE));
            case RETENTION_MS -> b.retentionMs(parseLong(key, value, -1, Long.MAX_VALUE));
            case RETENTION_BYTES -> b.retentionBytes(parseLong(key, value, -1, Long.MAX_VALUE));
            case FLUSH_MESSAGES -> b.flushMessages(parseLong(key, value, 1, Long.MAX_VALUE));
            case FLUSH_MS -> b.flushMs(parseLong(key, value, 0, Long.MAX_VALUE));
            case DELETE_RETENTION_MS -> b.deleteRetentionMs(parseLong(key, value, 0, Long.MAX_VALUE));
            case MAX_MESSAGE_BYTES -> b.maxMessageBytes((int) parseLong(key, value, 0, Integer.MAX_VALUE));
            case CLEANUP_POLICY -> cleanupPolicy(b, key, value);
            case MIN_CLEANABLE_DIRTY_RATIO -> b.minCleanableDirtyRatio(parseRatio(key, value));
            case MESSAGE_TIMESTAMP_TYPE -> b.logAppendTime(parseTimestampType(key, value));
            case MESSAGE_TIMESTAMP_BEFORE_MAX_MS -> b.timestampBeforeMaxMs(parseLong(key, value, 0, Long.MAX_VALUE));
            case MESSAGE_TIMESTAMP_AFTER_MAX_MS -> b.timestampAfterMaxMs(parseLong(key, value, 0, Long.MAX_VALUE));
            default -> throw new IllegalArgumentException("unknown log config key " + key + "=" + value);
        }
    }

    private static void cleanupPolicy(LogConfig.Builder b, String key, String value) {
        boolean delete = false;
        boolean compact = false;
        for (String part : value.split(",")) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "delete" -> delete = true;
                case "compact" -> compact = true;
                default -> throw new IllegalArgumentException(
                        "config " + key + "=" + value + " must be delete, compact or compact,delete");
            }
        }
        b.cleanupPolicy(delete, compact);
    }

    private static double parseRatio(String key, String value) {
        double ratio;
        try {
            ratio = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + "=" + value + " is not a number", e);
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("config " + key + "=" + value + " is outside 0..1");
        }
        return ratio;
    }

    private static boolean parseTimestampType(String key, String value) {
        return switch (value.trim()) {
            case "CreateTime" -> false;
            case "LogAppendTime" -> true;
            default -> throw new IllegalArgumentException(
                    "config " + key + "=" + value + " must be CreateTime or LogAppendTime");
        };
    }

    static long parseLong(String key, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + "=" + value + " is not an integer", e);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("config " + key + "=" + value + " is outside " + min + ".." + max);
        }
        return v;
    }

    static boolean parseBoolean(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("config " + key + "=" + value + " is not true or false");
        }
        return v.equals("true");
    }
}
