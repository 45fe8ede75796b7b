package io.runnel.broker.log;

import io.runnel.broker.config.TopicConfigKey;

import java.util.List;

import static io.runnel.broker.log.LogConfig.CLEANUP_POLICY;
import static io.runnel.broker.log.LogConfig.DELETE_RETENTION_MS;
import static io.runnel.broker.log.LogConfig.FLUSH_MESSAGES;
import static io.runnel.broker.log.LogConfig.FLUSH_MS;
import static io.runnel.broker.log.LogConfig.INDEX_INTERVAL_BYTES;
import static io.runnel.broker.log.LogConfig.MAX_MESSAGE_BYTES;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS;
import static io.runnel.broker.log.LogConfig.MESSAGE_TIMESTAMP_TYPE;
import static io.runnel.broker.log.LogConfig.MIN_CLEANABLE_DIRTY_RATIO;
import static io.runnel.broker.log.LogConfig.RETENTION_BYTES;
import static io.runnel.broker.log.LogConfig.RETENTION_MS;
import static io.runnel.broker.log.LogConfig.SEGMENT_BYTES;
import static io.runnel.broker.log.LogConfig.SEGMENT_INDEX_BYTES;
import static io.runnel.broker.log.LogConfig.SEGMENT_MS;

/**
 * Applies a parsed, checked value of a topic key to a {@link LogConfig.Builder}. Parsing and range checks belong to
 * the keys ({@link TopicConfigKey}, which shares them with the broker-wide keys); this only says which setting each
 * key sets and converts the value's representation.
 */
final class LogConfigParser {
    private LogConfigParser() {
    }

    /**
     * Sets what {@code key} controls to {@code value}, a value {@code key} parsed (or its broker-wide default).
     *
     * @throws IllegalStateException for a topic key no log setting corresponds to: a programming error
     */
    static void apply(LogConfig.Builder b, TopicConfigKey key, Object value) {
        switch (key.name()) {
            case SEGMENT_BYTES -> b.segmentBytes((Integer) value);
            case SEGMENT_MS -> b.segmentMs((Long) value);
            case SEGMENT_INDEX_BYTES -> b.segmentIndexBytes((Integer) value);
            case INDEX_INTERVAL_BYTES -> b.indexIntervalBytes((Integer) value);
            case RETENTION_MS -> b.retentionMs((Long) value);
            case RETENTION_BYTES -> b.retentionBytes((Long) value);
            case FLUSH_MESSAGES -> b.flushMessages((Long) value);
            case FLUSH_MS -> b.flushMs((Long) value);
            case DELETE_RETENTION_MS -> b.deleteRetentionMs((Long) value);
            case MAX_MESSAGE_BYTES -> b.maxMessageBytes((Integer) value);
            case CLEANUP_POLICY -> {
                List<?> policy = (List<?>) value;
                b.cleanupPolicy(policy.contains("delete"), policy.contains("compact"));
            }
            case MIN_CLEANABLE_DIRTY_RATIO -> b.minCleanableDirtyRatio((Double) value);
            case MESSAGE_TIMESTAMP_TYPE -> b.logAppendTime("LogAppendTime".equals(value));
            case MESSAGE_TIMESTAMP_BEFORE_MAX_MS -> b.timestampBeforeMaxMs((Long) value);
            case MESSAGE_TIMESTAMP_AFTER_MAX_MS -> b.timestampAfterMaxMs((Long) value);
            default -> throw new IllegalStateException("topic config " + key + " sets no log setting");
        }
    }
}
