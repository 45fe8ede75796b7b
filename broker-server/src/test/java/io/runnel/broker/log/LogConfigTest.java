package io.runnel.broker.log;

import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.TopicConfigKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfigTest {
    @Test
    void defaultsAreKafkas() {
        LogConfig c = LogConfig.defaults();
        assertEquals(1 << 30, c.segmentBytes());
        assertEquals(604_800_000L, c.segmentMs());
        assertEquals(604_800_000L, c.retentionMs());
        assertEquals(-1, c.retentionBytes());
        assertEquals(4096, c.indexIntervalBytes());
        assertEquals(10 * 1024 * 1024, c.segmentIndexBytes());
        assertEquals(1_048_588, c.maxMessageBytes());
        assertEquals(Long.MAX_VALUE, c.flushMessages());
        assertEquals(86_400_000L, c.deleteRetentionMs());
        assertTrue(c.deleteEnabled());
        assertFalse(c.compactEnabled());
        assertTrue(c.fsyncEnabled());
        assertEquals(Long.MAX_VALUE, c.timestampBeforeMaxMs());
        assertEquals(3_600_000L, c.timestampAfterMaxMs(), "Kafka 4 refuses records more than an hour ahead");
        assertEquals(86_400_000L, c.producerIdExpirationMs());
    }

    @Test
    void timestampBoundsAndProducerExpirationFromBrokerAndTopicKeys() {
        LogConfig broker = LogConfig.fromBrokerProperties(Map.of("log.message.timestamp.before.max.ms", "1000",
                "log.message.timestamp.after.max.ms", "2000", "producer.id.expiration.ms", "3000"));
        assertEquals(1000, broker.timestampBeforeMaxMs());
        assertEquals(2000, broker.timestampAfterMaxMs());
        assertEquals(3000, broker.producerIdExpirationMs());
        LogConfig topic = broker.withTopicOverrides(Map.of("message.timestamp.after.max.ms", "5"));
        assertEquals(5, topic.timestampAfterMaxMs());
        assertEquals(1000, topic.timestampBeforeMaxMs());
        assertEquals(3000, topic.producerIdExpirationMs(), "a broker-only key survives topic overrides");
        assertEquals("5", topic.toTopicConfigMap().get("message.timestamp.after.max.ms"));
        assertEquals("1000", topic.toTopicConfigMap().get("message.timestamp.before.max.ms"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.defaults().withTopicOverrides(Map.of("message.timestamp.before.max.ms", "-1")));
        assertTrue(e.getMessage().contains("message.timestamp.before.max.ms=-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LogConfig.fromBrokerProperties(Map.of("producer.id.expiration.ms", "0")));
    }

    @Test
    void brokerKeysWithTheMostPreciseUnitWinning() {
        LogConfig c = LogConfig.fromBrokerProperties(Map.of("log.retention.hours", "1", "log.retention.minutes", "2",
                "log.roll.hours", "3", "log.segment.bytes", "1000", "log.cleanup.policy", "compact,delete",
                "log.fsync.enable", "false", "log.message.timestamp.type", "LogAppendTime", "unrelated.key", "x"));
        assertEquals(120_000L, c.retentionMs());
        assertEquals(3 * 3_600_000L, c.segmentMs());
        assertEquals(1000, c.segmentBytes());
        assertTrue(c.compactEnabled() && c.deleteEnabled());
        assertFalse(c.fsyncEnabled());
        assertTrue(c.logAppendTime());
        assertEquals(5L, LogConfig.fromBrokerProperties(Map.of("log.retention.ms", "5",
                "log.retention.hours", "1")).retentionMs());
    }

    @Test
    void topicOverridesApplyOnTopAndRoundTrip() {
        LogConfig base = LogConfig.fromBrokerProperties(Map.of("log.retention.ms", "1000"));
        LogConfig topic = base.withTopicOverrides(Map.of("cleanup.policy", "compact", "segment.bytes", "2048",
                "min.cleanable.dirty.ratio", "0.2"));
        assertEquals(1000, topic.retentionMs());
        assertEquals(2048, topic.segmentBytes());
        assertEquals(0.2, topic.minCleanableDirtyRatio());
        assertTrue(topic.compactEnabled());
        assertFalse(topic.deleteEnabled());
        assertEquals(topic, LogConfig.defaults().withTopicOverrides(topic.toTopicConfigMap()));
        assertEquals("compact", topic.toTopicConfigMap().get("cleanup.policy"));
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.defaults().withTopicOverrides(Map.of("retention.ms", "soon")));
        assertTrue(e.getMessage().contains("retention.ms=soon"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.fromBrokerProperties(Map.of("log.segment.bytes", "3")));
        assertTrue(e.getMessage().contains("log.segment.bytes=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.defaults().withTopicOverrides(Map.of("cleanup.policy", "shred")));
        assertTrue(e.getMessage().contains("cleanup.policy=shred"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.defaults().withTopicOverrides(Map.of("log.segment.bytes", "1000")));
        assertTrue(e.getMessage().contains("log.segment.bytes=1000 (not a topic config this broker knows)"),
                e.getMessage());
    }

    @Test
    void everyTopicKeyIsReadTypedAndSpelledAsItParses() {
        List<String> names = TopicConfigKey.ALL.stream().map(TopicConfigKey::name).toList();
        assertEquals(names.stream().sorted().toList(), names, "DescribeConfigs lists the keys by name");
        assertEquals(names.size(), TopicConfigKey.ALL.stream().map(TopicConfigKey::ordinal).distinct()
                .filter(o -> o >= 0 && o < names.size()).count(), "ordinals index an array of the keys");
        LogConfig topic = LogConfig.defaults().withTopicOverrides(Map.of("cleanup.policy", "delete,compact",
                "min.cleanable.dirty.ratio", "0.25", "message.timestamp.type", "LogAppendTime"));
        for (TopicConfigKey<?> key : TopicConfigKey.ALL) {
            assertSpelledAsParsed(LogConfig.defaults(), key);
            assertSpelledAsParsed(topic, key);
            assertEquals(key.brokerKey().defaultValue(), LogConfig.defaults().get(key), key.name());
        }
        assertEquals(List.of("compact", "delete"), topic.get(TopicConfigKey.CLEANUP_POLICY));
        assertEquals("compact,delete", topic.toTopicConfigMap().get("cleanup.policy"));
        assertEquals(0.25, topic.get(TopicConfigKey.MIN_CLEANABLE_DIRTY_RATIO));
        assertTrue(topic.logAppendTime() && topic.compactEnabled() && topic.deleteEnabled());
    }

    private static <T> void assertSpelledAsParsed(LogConfig config, TopicConfigKey<T> key) {
        T value = config.get(key);
        String text = config.toTopicConfigMap().get(key.name());
        assertEquals(key.format(value), text, key.name());
        assertEquals(value, key.parse(text), key.name());
    }

    @Test
    void aBuilderChecksEveryValueByItsKeysRules() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LogConfig.builder().set(TopicConfigKey.SEGMENT_BYTES, 13));
        assertTrue(e.getMessage().contains("segment.bytes=13"), e.getMessage());
        assertThrows(ConfigException.class, () -> LogConfig.builder().minCleanableDirtyRatio(1.5));
        assertThrows(ConfigException.class, () -> LogConfig.builder().producerIdExpirationMs(0));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.builder().cleanupPolicy(false, false));
        LogConfig c = LogConfig.builder().set(TopicConfigKey.RETENTION_BYTES, 4096L).cleanupPolicy(true, true)
                .build();
        assertEquals(4096L, c.retentionBytes());
        assertEquals(c, LogConfig.defaults().withTopicOverrides(Map.of("retention.bytes", "4096",
                "cleanup.policy", "compact,delete")));
    }
}
