package io.runnel.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

class BrokerConfigTest {
    @Test
    void defaultsAreKafkasWhereKafkaHasTheKey() {
        BrokerConfig config = BrokerConfig.defaults();
        assertEquals(new Listener("localhost", 9092), config.listener());
        assertEquals(List.of(), config.get(BrokerConfig.ADVERTISED_LISTENERS));
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals(1, config.get(BrokerConfig.NUM_PARTITIONS));
        assertTrue(config.get(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE));
        assertEquals(1048588, config.get(BrokerConfig.MESSAGE_MAX_BYTES));
        assertEquals(104857600, config.get(BrokerConfig.SOCKET_REQUEST_MAX_BYTES));
        assertEquals(1073741824, config.get(BrokerConfig.LOG_SEGMENT_BYTES));
        assertEquals(604800000L, config.get(BrokerConfig.LOG_RETENTION_MS));
        assertEquals(-1L, config.get(BrokerConfig.LOG_RETENTION_BYTES));
        assertEquals(4096, config.get(BrokerConfig.LOG_INDEX_INTERVAL_BYTES));
        assertEquals(Long.MAX_VALUE, config.get(BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES));
        assertFalse(config.isExplicit(BrokerConfig.NUM_PARTITIONS));
        assertTrue(config.unknownKeys().isEmpty());
    }

    @Test
    void explicitValuesAreParsedTrimmedAndMarked() {
        BrokerConfig config = BrokerConfig.of(Map.of(
                "num.partitions", " 6 ",
                "auto.create.topics.enable", "FALSE",
                "listeners", "PLAINTEXT://[::1]:0",
                "advertised.listeners", "PLAINTEXT://broker.example:19092",
                "log.retention.ms", "-1",
                "log.dirs", "/var/lib/runnel"));
        assertEquals(6, config.get(BrokerConfig.NUM_PARTITIONS));
        assertFalse(config.get(BrokerConfig.AUTO_CREATE_TOPICS_ENABLE));
        assertEquals(new Listener("::1", 0), config.listener());
        assertEquals("[::1]:0", config.listener().hostPort());
        assertEquals(List.of(new Listener("broker.example", 19092)), config.get(BrokerConfig.ADVERTISED_LISTENERS));
        assertEquals(-1L, config.get(BrokerConfig.LOG_RETENTION_MS));
        assertEquals(Path.of("/var/lib/runnel"), config.dataDir());
        assertTrue(config.isExplicit(BrokerConfig.NUM_PARTITIONS));
    }

    @Test
    void unknownKeysAreKeptAsideNotRejected() {
        BrokerConfig config = BrokerConfig.of(Map.of("zookeeper.connect", "x:2181", "num.partitions", "2"));
        assertEquals(Set.of("zookeeper.connect"), config.unknownKeys());
        assertEquals(2, config.get(BrokerConfig.NUM_PARTITIONS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "num.partitions|0|must be at least 1",
        "num.partitions|three|must be an integer",
        "num.partitions|99999999999|must be at most 2147483647",
        "num.partitions|99999999999999999999|must be an integer",
        "message.max.bytes|-5|must be at least 0",
        "num.network.threads|1000|must be between 1 and 256",
        "auto.create.topics.enable|yes|must be true or false",
        "log.retention.ms|-2|must be at least -1",
        "log.segment.bytes|13|must be at least 14",
        "listeners|localhost:9092|must look like PLAINTEXT://host:port",
        "listeners|FOO://localhost:9093|listener FOO has no protocol in listener.security.protocol.map",
        "listeners|PLAINTEXT://:9092,PLAINTEXT://:9093|listener name PLAINTEXT is used twice",
        "listeners|PLAINTEXT://localhost:70000|port must be between 0 and 65535",
        "listeners|PLAINTEXT://::1:9092|an IPv6 address must be written in brackets",
        "log.dirs|/a,/b|only one data directory is supported",
        "log.dirs|''|must name a directory",
        "log.cleanup.policy|shred|must be a comma-separated list of delete, compact",
        "log.cleanup.policy|compact,|must be a comma-separated list of delete, compact",
        "log.message.timestamp.type|createtime|must be one of CreateTime, LogAppendTime",
        "log.cleaner.min.cleanable.ratio|1.5|must be between 0.0 and 1.0",
        "log.cleaner.min.cleanable.ratio|half|must be a number",
        "log.fsync.enable|maybe|must be true or false",
        "log.flush.threads|0|must be between 1 and 256",
        "log.open.segments.max|0|must be at least 1",
        "log.retention.hours|-2|must be at least -1",
        "log.roll.hours|0|must be at least 1",
        "log.index.size.max.bytes|8|must be at least 12",
        "num.recovery.threads.per.data.dir|0|must be between 1 and 256",
        "max.partitions.per.topic|0|must be at least 1",
        "delete.topic.enable|no|must be true or false",
    })
    void badValueNamesKeyValueAndReasonInOneLine(String key, String value, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.of(Map.of(key, value)));
        assertEquals("Invalid configuration: " + key + "=" + value + " (" + reason + ")", e.getMessage());
        assertEquals(key, e.key());
        assertEquals(value, e.value());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void propertiesFileIsReadAsUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "# comment\nnum.partitions = 4\nlog.dirs=/tmp/d\u00e4ta\n", StandardCharsets.UTF_8);
        Map<String, String> settings = BrokerConfig.readProperties(file);
        assertEquals(Map.of("num.partitions", "4", "log.dirs", "/tmp/d\u00e4ta"), settings);
    }

    @Test
    void missingPropertiesFileIsOneLineError(@TempDir Path dir) {
        Path file = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.readProperties(file));
        assertEquals("Cannot read configuration file " + file + ": no such file", e.getMessage());
    }

    @Test
    void storageKeysAreKnownSoAKafkaStyleFileLeavesNothingUnknown() {
        BrokerConfig config = BrokerConfig.of(Map.of("log.fsync.enable", "false", "log.cleaner.enable", "false",
                "log.flush.threads", "4", "log.open.segments.max", "64", "log.cleanup.policy", " Delete , compact ",
                "log.message.timestamp.type", "LogAppendTime", "log.cleaner.min.cleanable.ratio", "0.25",
                "num.recovery.threads.per.data.dir", "3"));
        assertEquals(Set.of(), config.unknownKeys());
        assertFalse(config.get(BrokerConfig.LOG_FSYNC_ENABLE));
        assertEquals(List.of("compact", "delete"), config.get(BrokerConfig.LOG_CLEANUP_POLICY));
        assertEquals("Delete , compact", config.text(BrokerConfig.LOG_CLEANUP_POLICY));
        assertEquals("1", config.text(BrokerConfig.NUM_PARTITIONS));
        assertEquals(0.25, config.get(BrokerConfig.LOG_CLEANER_MIN_CLEANABLE_RATIO));
    }

    @Test
    void topicDefaultsComeFromTheMostPreciseBrokerKeyGiven() {
        assertEquals(604800000L, BrokerConfig.defaults().topicDefault(TopicConfigKey.RETENTION_MS));
        assertEquals(3 * 3_600_000L, BrokerConfig.of(Map.of("log.retention.hours", "3"))
                .topicDefault(TopicConfigKey.RETENTION_MS));
        assertEquals(2 * 60_000L, BrokerConfig.of(Map.of("log.retention.hours", "3", "log.retention.minutes", "2"))
                .topicDefault(TopicConfigKey.RETENTION_MS));
        assertEquals(7L, BrokerConfig.of(Map.of("log.retention.ms", "7", "log.retention.minutes", "2"))
                .topicDefault(TopicConfigKey.RETENTION_MS));
        assertEquals(-1L, BrokerConfig.of(Map.of("log.retention.hours", "-1"))
                .topicDefault(TopicConfigKey.RETENTION_MS));
        assertEquals(5 * 3_600_000L, BrokerConfig.of(Map.of("log.roll.hours", "5"))
                .topicDefault(TopicConfigKey.SEGMENT_MS));
        assertEquals(2048, BrokerConfig.of(Map.of("message.max.bytes", "2048"))
                .topicDefault(TopicConfigKey.MAX_MESSAGE_BYTES));
    }

    @Test
    void topicKeysShareTheirBrokerKeysRulesButNameThemselves() {
        ConfigException e = assertThrows(ConfigException.class, () -> TopicConfigKey.SEGMENT_BYTES.parse("13"));
        assertEquals("Invalid configuration: segment.bytes=13 (must be at least 14)", e.getMessage());
        assertEquals(List.of("compact"), TopicConfigKey.CLEANUP_POLICY.parse("COMPACT"));
        for (TopicConfigKey key : TopicConfigKey.ALL) {
            assertEquals(key, TopicConfigKey.forName(key.name()));
            assertEquals(key.brokerKey(), BrokerConfig.key(key.brokerKey().name()), key.name());
            assertFalse(key.documentation().isBlank(), key.name());
        }
        assertNull(TopicConfigKey.forName("log.retention.ms"));
    }

    @Test
    void keysHaveUniqueNamesAndCanBeLookedUp() {
        for (ConfigKey<?> key : BrokerConfig.KEYS) {
            assertEquals(key, BrokerConfig.key(key.name()));
            assertFalse(key.documentation().isBlank(), key.name());
        }
        assertNull(BrokerConfig.key("no.such.key"));
    }
}
